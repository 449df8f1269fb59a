package io.newsdrift.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import io.newsdrift.text.Analyzer;
import io.newsdrift.text.LanguageDetection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * The feature transforms on real corpora ({@code ../shared/data}): language detection, phrases
 * chosen from the corpus, the vocabulary, {@code term_stats} and {@code distinctive_terms}, with
 * the default settings.
 */
class RealDataFeaturesTest {
  private static final UserDefinedFunction LANGUAGE =
      udf((String text) -> LanguageDetection.detect(text), DataTypes.StringType);

  /** Words of trade policy, to judge the terms that set the tariff stories apart. */
  private static final Set<String> TRADE =
      Set.of(
          "tariff",
          "tariffs",
          "trade",
          "trade bill",
          "trade deficit",
          "trade surplus",
          "trade barriers",
          "trade practices",
          "trade representative",
          "protectionism",
          "protectionist",
          "imports",
          "import",
          "exports",
          "export",
          "duties",
          "duty",
          "gatt",
          "retaliation",
          "retaliatory",
          "sanctions",
          "semiconductors",
          "semiconductor",
          "dumping",
          "quotas",
          "quota",
          "customs",
          "reagan",
          "yeutter",
          "barriers",
          "trading",
          "microchips",
          "chips",
          "japan",
          "japanese",
          "ec",
          "congress",
          "bill",
          "market access",
          "agreement",
          "negotiations",
          "talks",
          "pact",
          "trade war",
          "uruguay round",
          "trade talks",
          "trade dispute",
          "trade sanctions",
          "trade law",
          "trade legislation");

  @Test
  void theTermsThatSetReutersTariffStoriesApartAreAboutTrade() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> raw =
        spark.read().json(SharedData.resolve("reuters21578/reuters21578.jsonl.gz").toString());
    org.apache.spark.sql.Column text = coalesce(col("body"), lit(""));
    // One period; the "outlet" is whether the story mentions a tariff, so outlet_vs_rest compares
    // the tariff stories with all the others.
    Dataset<Row> articles =
        raw.filter(col("body").isNotNull().and(col("body").notEqual("")))
            .select(
                when(
                        lower(col("title"))
                            .rlike("\\btariffs?\\b")
                            .or(lower(text).rlike("\\btariffs?\\b")),
                        lit("tariff"))
                    .otherwise(lit("other"))
                    .as(Cols.OUTLET),
                to_date(lit("1987-03-01")).as(Cols.DATE),
                col("title").as(Cols.TITLE),
                text.as(Cols.TEXT),
                LANGUAGE.apply(text).as(Cols.LANGUAGE))
            .cache();
    long english = articles.filter(col(Cols.LANGUAGE).equalTo("en")).count();
    assertThat(english).as("Reuters articles detected as English").isGreaterThan(17_500);
    // As the features job does with its default features.languages: English and undetermined.
    articles = articles.filter(col(Cols.LANGUAGE).isin("en", "und"));
    Analyzer analyzer = Analyzer.defaults();
    List<String> phrases = Phrases.fit(spark, articles, analyzer, 20, 0.5, 5000);
    assertThat(phrases)
        .as("phrases chosen from Reuters by NPMI")
        .contains("united states", "natural gas", "west germany", "crude oil");

    List<Row> distinctive =
        distinctive(spark, articles, analyzer, phrases, 1, List.of(Grain.MONTH));
    List<String> top =
        distinctive.stream()
            .filter(r -> r.getAs(Cols.COMPARISON).equals(DistinctiveTerms.OUTLET_VS_REST))
            .filter(r -> r.getAs(Cols.OUTLET).equals("tariff"))
            .sorted((a, b) -> Integer.compare(a.getAs(Cols.RANK), b.getAs(Cols.RANK)))
            .map(r -> r.<String>getAs(Cols.TERM))
            .limit(15)
            .toList();
    assertThat(top).as("top distinctive terms of the tariff stories").hasSize(15);
    // "tariff" itself is not among them: the groups are defined by it, so the rest never uses it
    // and its z-score is bounded by the prior's variance (1 / alpha_w), while terms used by both
    // groups, such as "trade", get small variances and large z-scores.
    assertThat(top.subList(0, 3)).as("top 3 of %s", top).contains("trade");
    long tradeTerms = top.stream().filter(TRADE::contains).count();
    assertThat(tradeTerms).as("trade terms among the top 15: %s", top).isGreaterThanOrEqualTo(10);
  }

  @Test
  void fwdNewsTermsNewInJanuary2022AgainstNovember2021AreAboutUkraine() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> raw = spark.read().json(SharedData.resolve("fwd-news/headlines.jsonl").toString());
    Dataset<Row> articles =
        raw.select(
                col("domain").as(Cols.OUTLET),
                to_date(timestamp_seconds(col("timestamp"))).as(Cols.DATE),
                col("title").as(Cols.TITLE),
                lit("").as(Cols.TEXT),
                LANGUAGE.apply(col("title")).as(Cols.LANGUAGE))
            .filter(
                col(Cols.DATE)
                    .between("2021-11-01", "2021-11-30")
                    .or(col(Cols.DATE).between("2022-01-01", "2022-01-31")))
            .cache();
    Map<String, Long> languages =
        articles.groupBy(Cols.LANGUAGE).count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    long total = languages.values().stream().mapToLong(Long::longValue).sum();
    // Headlines are short: many are undetermined, but hardly any is taken for another language.
    long englishOrUnknown = languages.getOrDefault("en", 0L) + languages.getOrDefault("und", 0L);
    assertThat(englishOrUnknown).as("languages %s", languages).isGreaterThan(total * 95 / 100);

    Dataset<Row> analysed = articles.filter(col(Cols.LANGUAGE).isin("en", "und"));
    Analyzer analyzer = Analyzer.defaults();
    List<String> phrases = Phrases.fit(spark, analysed, analyzer, 5, 0.5, 5000);
    // December is thin in this collection; with two periods of history January meets November.
    List<Row> rows = distinctive(spark, analysed, analyzer, phrases, 2, List.of(Grain.MONTH));
    List<String> newInJanuary =
        rows.stream()
            .filter(r -> r.getAs(Cols.COMPARISON).equals(DistinctiveTerms.PERIOD_VS_PREVIOUS))
            .filter(r -> r.getAs(Cols.OUTLET).equals(Cols.ALL_OUTLETS))
            .filter(r -> r.getAs(Cols.PERIOD_START).toString().equals("2022-01-01"))
            .sorted((a, b) -> Integer.compare(a.getAs(Cols.RANK), b.getAs(Cols.RANK)))
            .map(r -> r.<String>getAs(Cols.TERM))
            .limit(10)
            .toList();
    assertThat(newInJanuary).as("terms new in January 2022").hasSize(10);
    Set<String> ukraine =
        new HashSet<>(
            List.of(
                "ukraine",
                "russia",
                "nato",
                "ukrainian",
                "kyiv",
                "invasion",
                "invade",
                "troops",
                "putin",
                "russian",
                "kiev",
                "border"));
    assertThat(newInJanuary.subList(0, 3)).as("top 3 of %s", newInJanuary).contains("ukraine");
    assertThat(newInJanuary.stream().filter(ukraine::contains).count())
        .as("Ukraine-related terms among %s", newInJanuary)
        .isGreaterThanOrEqualTo(4);
  }

  private static List<Row> distinctive(
      SparkSession spark,
      Dataset<Row> articles,
      Analyzer analyzer,
      List<String> phrases,
      int historyPeriods,
      List<Grain> grains) {
    Analyzer withPhrases = analyzer.withPhrases(new HashSet<>(phrases));
    Dataset<Row> counts = TermCounts.perOutletAndDay(spark, articles, withPhrases).cache();
    Vocabulary vocabulary = Vocabulary.fit(counts, articles.count(), 20_000, 3, withPhrases);
    Dataset<Row> vocab = vocabulary.toDataset(spark);
    Dataset<Row> stats = TermStats.compute(counts, vocab, grains).cache();
    List<Row> out =
        DistinctiveTerms.compute(
                stats, DistinctiveTerms.prior(vocab, 500.0), 500.0, historyPeriods, 30)
            .collectAsList();
    stats.unpersist();
    counts.unpersist();
    return out;
  }
}
