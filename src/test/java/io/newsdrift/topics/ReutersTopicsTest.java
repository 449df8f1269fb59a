package io.newsdrift.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Settings;
import io.newsdrift.config.TopicsConfig;
import io.newsdrift.features.TermCounts;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.schema.Cols;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import io.newsdrift.text.Analyzer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seeded online LDA on Reuters-21578 (21,578 newswires, trade and energy among the largest
 * subjects), against MLlib's LDA as the baseline, with the default settings (k = 20).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReutersTopicsTest {
  private static final Logger LOG = LoggerFactory.getLogger(ReutersTopicsTest.class);
  // Japan was the other side of most 1987 trade disputes in these wires.
  private static final Set<String> TRADE =
      Set.of(
          "trade",
          "tariffs",
          "tariff",
          "imports",
          "exports",
          "deficit",
          "surplus",
          "gatt",
          "protectionism",
          "talks",
          "japan",
          "sanctions");
  private static final Set<String> OIL =
      Set.of("oil", "crude", "opec", "barrels", "petroleum", "bpd", "barrel", "energy");

  private SparkSession spark;
  private Dataset<Row> docTerms;
  private Dataset<Row> vectors;
  private List<String> terms;
  private TopicsConfig defaults;

  @BeforeAll
  void loadReuters() {
    spark = TestSpark.session();
    Dataset<Row> articles =
        spark
            .read()
            .json(SharedData.resolve("reuters21578/reuters21578.jsonl.gz").toString())
            .filter(length(col("body")).gt(0))
            // one record lacks an id and a date: ingest rejects it
            .filter(col("id").isNotNull().and(to_date(col("date")).isNotNull()))
            .select(
                col("id").cast("string").as(Cols.ARTICLE_ID),
                col("outlet").as(Cols.OUTLET),
                to_date(col("date")).as(Cols.DATE),
                col("title").as(Cols.TITLE),
                col("body").as(Cols.TEXT));
    Analyzer analyzer = Analyzer.defaults();
    long docs = articles.count();
    assertThat(docs).isGreaterThan(18_000);
    Vocabulary vocabulary =
        Vocabulary.fit(
            TermCounts.perOutletAndDay(
                spark,
                articles.withColumn(Cols.LANGUAGE, org.apache.spark.sql.functions.lit("en")),
                analyzer),
            docs,
            20_000,
            3,
            analyzer);
    defaults = TopicsConfig.from(Settings.fromMaps(Map.of(), Map.of(), "test"));
    terms = vocabulary.head(defaults.vocabSize());
    docTerms =
        TopicDocuments.terms(spark, articles, analyzer).persist(StorageLevel.MEMORY_AND_DISK());
    vectors = TopicDocuments.vectors(docTerms, terms).persist(StorageLevel.MEMORY_AND_DISK());
  }

  @AfterAll
  void release() {
    vectors.unpersist();
    docTerms.unpersist();
  }

  private JavaRDD<BagOfWords> training(TopicsConfig c) {
    return VbTopics.bags(
            VbTopics.split(vectors, c.seed(), c.holdoutFraction(), c.sampleFraction()).training())
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * The first topic with {@code term} among its top 10 terms and at least three {@code related}
   * terms among its top 25 (a topic's head alone is too short a window: with the Lucene analyzer's
   * vocabulary the trade topic's top 10 is trade, u.s, japan, dollar ... and its tariff and import
   * terms come just after).
   */
  private static int topicWith(List<List<String>> top, String term, Set<String> related) {
    for (int t = 0; t < top.size(); t++) {
      List<String> head = top.get(t);
      if (head.subList(0, Math.min(10, head.size())).contains(term)
          && head.stream().filter(related::contains).count() >= 3) {
        return t;
      }
    }
    return -1;
  }

  @Test
  void defaultKFindsTradeAndOilTopicsAtLeastAsCoherentAsMllib() {
    JavaRDD<BagOfWords> training = training(defaults);
    long start = System.nanoTime();
    TopicModel ours =
        VariationalLda.fit(
            training, terms, VariationalLda.Params.from(defaults), VariationalLda.Seeding.none(20));
    double oursSeconds = (System.nanoTime() - start) / 1e9;
    List<List<String>> top = ours.topTerms(TopicQuality.NPMI_TOP_TERMS);
    double[] npmi = TopicQuality.npmi(spark, docTerms, top);

    VbTopics.Split split =
        VbTopics.split(
            vectors, defaults.seed(), defaults.holdoutFraction(), defaults.sampleFraction());
    start = System.nanoTime();
    LdaTopics.Fit mllib = LdaTopics.fit(vectors, terms, defaults);
    double mllibSeconds = (System.nanoTime() - start) / 1e9;
    List<List<String>> mllibTop =
        LdaTopics.topTerms(mllib.model(), terms, TopicQuality.NPMI_TOP_TERMS);
    double[] mllibNpmi = TopicQuality.npmi(spark, docTerms, mllibTop);

    for (int t = 0; t < top.size(); t++) {
      LOG.info("ours topic {} npmi {}: {}", t, String.format("%.3f", npmi[t]), top.get(t));
    }
    for (int t = 0; t < mllibTop.size(); t++) {
      LOG.info(
          "mllib topic {} npmi {}: {}", t, String.format("%.3f", mllibNpmi[t]), mllibTop.get(t));
    }
    double oursMean = Arrays.stream(npmi).average().orElseThrow();
    double mllibMean = Arrays.stream(mllibNpmi).average().orElseThrow();
    List<List<String>> top25 = ours.topTerms(25);
    int trade = topicWith(top25, "trade", TRADE);
    int oil = topicWith(top25, "oil", OIL);
    LOG.info(
        "reuters k=20: ours mean NPMI {} in {} s (trade topic {} NPMI {}, oil topic {} NPMI {});"
            + " MLlib mean NPMI {} in {} s; held-out log-perplexity ours {}",
        String.format("%.4f", oursMean),
        String.format("%.1f", oursSeconds),
        trade,
        trade < 0 ? "-" : String.format("%.3f", npmi[trade]),
        oil,
        oil < 0 ? "-" : String.format("%.3f", npmi[oil]),
        String.format("%.4f", mllibMean),
        String.format("%.1f", mllibSeconds),
        String.format("%.3f", TopicQuality.logPerplexity(VbTopics.bags(split.heldOut()), ours)));
    training.unpersist();

    assertThat(trade).as("a topic about trade: %s", top).isNotNegative();
    assertThat(oil).as("a topic about oil: %s", top).isNotNegative();
    assertThat(trade).isNotEqualTo(oil);
    assertThat(npmi[trade]).isGreaterThan(0.05);
    assertThat(npmi[oil]).isGreaterThan(0.05);
    assertThat(oursMean).isGreaterThanOrEqualTo(mllibMean - 0.01);
    assertThat(TopicQuality.diversity(ours.topTerms(25))).isGreaterThan(0.5);
  }

  /** Six topics, four updates, seed 7, plus {@code extra} settings. */
  private static TopicsConfig small(Map<String, String> extra) {
    Map<String, String> set =
        new java.util.HashMap<>(
            Map.of("topics.k", "6", "topics.max_iter", "4", "topics.seed", "7"));
    set.putAll(extra);
    return TopicsConfig.from(Settings.fromMaps(Map.of(), set, "test"));
  }

  @Test
  void aLaggedEStepStaysDeterministicAndChangesTheFit() {
    TopicsConfig lagged = small(Map.of("topics.estep_delay", "2"));
    JavaRDD<BagOfWords> training = training(lagged);
    VariationalLda.Seeding none = VariationalLda.Seeding.none(6);
    TopicModel a =
        VariationalLda.fit(
            training.repartition(2), terms, VariationalLda.Params.from(lagged), none);
    TopicModel b =
        VariationalLda.fit(
            training.repartition(5), terms, VariationalLda.Params.from(lagged), none);
    TopicModel latest =
        VariationalLda.fit(training, terms, VariationalLda.Params.from(small(Map.of())), none);
    training.unpersist();
    for (int t = 0; t < 6; t++) {
      assertThat(a.lambda(t)).as("topic %d", t).containsExactly(b.lambda(t));
    }
    assertThat(latest.lambda(0)).isNotEqualTo(a.lambda(0));
  }

  @Test
  void sameSeedGivesTheSameModelWhateverThePartitioning() {
    TopicsConfig small = small(Map.of());
    JavaRDD<BagOfWords> training = training(small);
    VariationalLda.Seeding none = VariationalLda.Seeding.none(6);
    TopicModel a =
        VariationalLda.fit(training.repartition(2), terms, VariationalLda.Params.from(small), none);
    TopicModel b =
        VariationalLda.fit(training.repartition(5), terms, VariationalLda.Params.from(small), none);
    TopicModel otherSeed =
        VariationalLda.fit(training, terms, VariationalLda.Params.from(small.withSeed(8)), none);
    training.unpersist();
    for (int t = 0; t < 6; t++) {
      assertThat(a.lambda(t)).as("topic %d", t).containsExactly(b.lambda(t));
    }
    assertThat(otherSeed.lambda(0)).isNotEqualTo(a.lambda(0));

    Dataset<Row> sample = vectors.limit(300);
    List<Row> docsA =
        VbTopics.docTopics(spark, a, sample.repartition(1), "m")
            .orderBy(Cols.ARTICLE_ID)
            .collectAsList();
    List<Row> docsB =
        VbTopics.docTopics(spark, b, sample.repartition(3), "m")
            .orderBy(Cols.ARTICLE_ID)
            .collectAsList();
    assertThat(docsA).hasSize(300).isEqualTo(new ArrayList<>(docsB));
  }
}
