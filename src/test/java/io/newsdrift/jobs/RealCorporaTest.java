package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Keys;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import io.newsdrift.text.Words;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage on real corpora from {@code ../shared/data}: the ReCOVery CSVs (multi-line quoted
 * bodies, files with and without an index column, undated rows) and the two seed texts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealCorporaTest {
  private RunContext ctx;
  private RunLog.Accounting accounting;
  private SparkSession spark;

  @BeforeAll
  void runEveryStage(@TempDir Path dir) {
    spark = TestSpark.session();
    Path data = SharedData.root();
    Mapping recovery = SharedData.recoveryMapping();
    List<SourceSpec> sources =
        List.of(
            new SourceSpec(data.resolve("recovery").toString(), InputFormat.CSV, recovery),
            new SourceSpec(data.resolve("seeds").toString(), InputFormat.TEXT, Mapping.defaults()));
    Settings settings =
        Settings.fromMaps(
            Map.of(),
            Map.of("topics.k", "8", "topics.max_iter", "20", "topics.stability_check", "false"),
            "test");
    ctx = RunContext.start(dir.toString(), settings, LocalDate.parse("2024-06-01"), "nightly");
    RunLog log = new RunLog(ctx);
    accounting = new Pipeline(ctx, sources, true).run(spark, log).accounting();
    log.finish(spark, true, null);
  }

  private Dataset<Row> articles() {
    return ctx.warehouse().read(spark, Table.ARTICLES);
  }

  @Test
  void everyRecordIsAccountedFor() {
    assertThat(accounting.records()).isEqualTo(2031 + 2);
    assertThat(accounting.rejected()).isEqualTo(15);
    assertThat(Rows.countsBy(ctx.warehouse().read(spark, Table.REJECTS), Cols.REASON))
        .containsExactly(Map.entry("missing_date", 15L));
    Row run = ctx.warehouse().readIfExists(spark, RunLog.TABLE).orElseThrow().first();
    assertThat(run.<Long>getAs("records_in")).isEqualTo(2033L);
    List<Row> files = run.getList(run.fieldIndex("input_files"));
    assertThat(files)
        .hasSize(55 + 2)
        .allSatisfy(f -> assertThat(f.getString(2)).matches("[0-9a-f]{8}"));
  }

  @Test
  void articleCountsPerOutletAndMonth() {
    assertThat(Rows.countsBy(articles(), Cols.OUTLET))
        .containsEntry("Chicago Sun-Times", 322L)
        .containsEntry("Business Insider", 158L)
        .containsEntry("Sputnik News", 144L)
        .containsEntry("The Verge", 139L)
        .containsEntry("National Public Radio (NPR)", 92L)
        // 55 publishers; the Reuters seed joins ReCOVery's Reuters, the other seed names no outlet.
        // 67 Reuters rows, 7 of them undated; one exact duplicate dropped; the Reuters seed joins.
        .containsEntry("Reuters", 67L - 7 - 1 + 1)
        .containsEntry("unknown", 1L)
        .hasSize(55 + 1);
    assertThat(
            Rows.countsBy(
                articles().withColumn("month", date_format(col(Cols.DATE), "yyyy-MM")), "month"))
        .containsEntry("2020-03", 170L)
        .containsEntry("2020-04", 336L)
        .containsEntry("2020-05", 1475L)
        .containsEntry("2024-05", 2L);
  }

  @Test
  void theSeedsAreOneClusterWithReutersCanonical() {
    List<Row> seeds =
        ctx.warehouse()
            .read(spark, Table.DUPLICATES)
            .filter(col(Cols.SOURCE_URI).contains("/seeds/"))
            .collectAsList();
    assertThat(seeds).hasSize(2);
    assertThat(seeds).extracting(r -> r.<String>getAs(Cols.KIND)).containsOnly("near");
    assertThat(seeds)
        .extracting(r -> r.<String>getAs(Cols.CLUSTER_ID))
        .containsOnly(seeds.get(0).<String>getAs(Cols.CLUSTER_ID));
    assertThat(seeds)
        .extracting(r -> r.<String>getAs(Cols.CANONICAL_OUTLET))
        .containsOnly("Reuters");
  }

  /**
   * Ground truth computed here without LSH: every cross-outlet pair of articles with Jaccard >= 0.5
   * over their 5-word shingles. Near-duplicate clustering must put at least 35 of them (about 43
   * exist) in one cluster, and every member of every cluster must itself be that similar to its
   * canonical article: no chaining through boilerplate.
   */
  @Test
  void crossOutletRepublicationsAreFoundWithoutChaining() {
    Map<String, Set<String>> shingles = new HashMap<>();
    Map<String, String> outlet = new HashMap<>();
    Map<String, String> cluster = new HashMap<>();
    Map<String, String> texts = new HashMap<>();
    Map<String, LocalDate> date = new HashMap<>();
    for (Row r :
        articles()
            .filter(col(Cols.SOURCE_URI).contains("/recovery/"))
            .select(
                Cols.ARTICLE_ID, Cols.OUTLET, Cols.TITLE, Cols.TEXT, Cols.DUP_CLUSTER_ID, Cols.DATE)
            .collectAsList()) {
      String id = r.getString(0);
      date.put(id, r.getDate(5).toLocalDate());
      outlet.put(id, r.getString(1));
      shingles.put(id, shingles(r.getString(2) + "\n" + r.getString(3)));
      cluster.put(id, r.getString(4));
      texts.put(id, r.getString(2) + "\n" + r.getString(3));
    }
    Map<String, List<String>> index = new HashMap<>();
    shingles.forEach(
        (id, set) -> set.forEach(s -> index.computeIfAbsent(s, k -> new ArrayList<>()).add(id)));
    Map<List<String>, Integer> common = new HashMap<>();
    for (List<String> ids : index.values()) {
      for (int i = 0; i < ids.size(); i++) {
        for (int j = i + 1; j < ids.size(); j++) {
          String a = ids.get(i);
          String b = ids.get(j);
          List<String> pair = a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
          common.merge(pair, 1, Integer::sum);
        }
      }
    }
    int truth = 0;
    int inLookback = 0;
    int found = 0;
    int lookback = ctx.settings().get(io.newsdrift.config.Keys.DEDUP_LOOKBACK_DAYS);
    for (Map.Entry<List<String>, Integer> e : common.entrySet()) {
      String a = e.getKey().get(0);
      String b = e.getKey().get(1);
      int union = shingles.get(a).size() + shingles.get(b).size() - e.getValue();
      if (!outlet.get(a).equals(outlet.get(b)) && e.getValue() * 2 >= union) {
        truth++;
        long apart = Math.abs(date.get(a).toEpochDay() - date.get(b).toEpochDay());
        if (apart <= lookback) {
          inLookback++;
          if (cluster.get(a).equals(cluster.get(b))) {
            found++;
          }
        }
      }
    }
    assertThat(truth).as("cross-outlet pairs with Jaccard >= 0.5").isBetween(40, 50);
    // Near duplicates are pairs published at most dedup.lookback_days apart (what lets a nightly
    // find them from the stored signatures of those days).
    assertThat(inLookback).as("of them, published within the lookback").isBetween(20, truth);
    assertThat(found)
        .as("of %s cross-outlet pairs within the lookback, found in one cluster", inLookback)
        .isGreaterThanOrEqualTo((int) Math.ceil(0.8 * inLookback));

    Dataset<Row> near =
        ctx.warehouse()
            .read(spark, Table.DUPLICATES)
            .filter(
                col(Cols.KIND).equalTo("near").and(col(Cols.SOURCE_URI).contains("/recovery/")));
    List<Row> members =
        near.select(Cols.ARTICLE_ID, Cols.CANONICAL_ARTICLE_ID, Cols.CLUSTER_ID).collectAsList();
    for (Row r : members) {
      String a = r.getString(0);
      String c = r.getString(1);
      double shingleJaccard = jaccard(shingles.get(a), shingles.get(c));
      double wordJaccard = jaccard(wordSet(texts.get(a)), wordSet(texts.get(c)));
      assertThat(
              shingleJaccard >= Keys.DEDUP_NEAR_THRESHOLD.defaultValue()
                  || (wordJaccard >= Keys.DEDUP_REWRITE_THRESHOLD.defaultValue()
                      && shingleJaccard >= Keys.DEDUP_REWRITE_MIN_SHINGLES.defaultValue()))
          .as(
              "%s is a copy or rewrite of its canonical %s (shingles %.2f, words %.2f)",
              a, c, shingleJaccard, wordJaccard)
          .isTrue();
    }
    // Cookie notices scraped as bodies (Sputnik, Politico) are templates, not one story: no
    // cluster of template size is left with a single outlet.
    int templateSize = Keys.DEDUP_TEMPLATE_CLUSTER_SIZE.defaultValue();
    Map<String, Set<String>> outletsByCluster = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    for (Row r : members) {
      outletsByCluster
          .computeIfAbsent(r.getString(2), k -> new HashSet<>())
          .add(outlet.get(r.getString(0)));
      sizes.merge(r.getString(2), 1, Integer::sum);
    }
    sizes.forEach(
        (id, size) ->
            assertThat(size >= templateSize && outletsByCluster.get(id).size() == 1)
                .as("cluster %s: %s members from %s", id, size, outletsByCluster.get(id))
                .isFalse());
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    return both.size() / (double) (a.size() + b.size() - both.size());
  }

  private static Set<String> wordSet(String text) {
    return new HashSet<>(Words.split(text));
  }

  private static Set<String> shingles(String text) {
    List<String> words = Words.split(text);
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 5 <= words.size(); i++) {
      out.add(String.join(" ", words.subList(i, i + 5)));
    }
    return out;
  }

  @Test
  void bothSeedFilesArePresentWithTheirDate() {
    List<Row> seeds = articles().filter(col(Cols.SOURCE_URI).contains("/seeds/")).collectAsList();
    assertThat(seeds).hasSize(2);
    assertThat(seeds)
        .allSatisfy(r -> assertThat(r.getAs(Cols.DATE).toString()).isEqualTo("2024-05-16"));
    assertThat(seeds)
        .extracting(r -> r.<String>getAs(Cols.OUTLET))
        .containsExactlyInAnyOrder("Reuters", "unknown");
    assertThat(seeds)
        .extracting(r -> r.<String>getAs(Cols.TITLE))
        .contains("Putin arrives in China to deepen strategic ties with Xi");
  }

  @Test
  void everyThemeAndTopicTableHasContent() {
    Dataset<Row> attention =
        ctx.warehouse().read(spark, Table.THEME_ATTENTION).filter(col(Cols.GRAIN).equalTo("month"));
    for (String theme : List.of("ukraine", "energy", "trade")) {
      long matching =
          attention
              .filter(
                  col(Cols.THEME).equalTo(theme).and(col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS)))
              .agg(sum(Cols.MATCHING_ARTICLES))
              .first()
              .getLong(0);
      assertThat(matching).as("articles matching %s", theme).isPositive();
    }
    Row may =
        attention
            .filter(
                col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS).and(col(Cols.THEME).equalTo("energy")))
            .filter(col(Cols.PERIOD_START).cast("string").equalTo("2020-05-01"))
            .first();
    assertThat(may.<Long>getAs(Cols.TOTAL_ARTICLES)).isEqualTo(1475L);
    assertThat(may.<String>getAs(Cols.STATUS)).isEqualTo("ok");
    // 2020-08 .. 2024-04 hold no article: inside ALL's span they are missing, not zero.
    Row gap =
        attention
            .filter(
                col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS).and(col(Cols.THEME).equalTo("energy")))
            .filter(col(Cols.PERIOD_START).cast("string").equalTo("2021-01-01"))
            .first();
    assertThat(gap.<String>getAs(Cols.STATUS)).isEqualTo("missing");
    assertThat(gap.<Object>getAs(Cols.SHARE)).isNull();

    assertThat(
            ctx.warehouse().read(spark, Table.TOPIC_TERMS).select(Cols.TOPIC_ID).distinct().count())
        .isEqualTo(8);
    assertThat(ctx.warehouse().read(spark, Table.DOC_TOPICS).count()).isGreaterThan(1800);
    Row model =
        ctx.warehouse()
            .read(spark, Table.TOPIC_QUALITY)
            .filter(col(Cols.TOPIC_ID).equalTo(Cols.MODEL_LEVEL))
            .first();
    // Full articles about eight distinct subjects give coherent topics (0.13 at this seed) that
    // share few of their top terms (0.73).
    assertThat(model.<Double>getAs(Cols.NPMI)).isGreaterThan(0.05);
    assertThat(model.<Double>getAs(Cols.TOPIC_DIVERSITY)).isGreaterThan(0.5);
    // held-out perplexity below a uniform guess over the vocabulary (ln 10,000 = 9.2): 7.94
    assertThat(model.<Double>getAs(Cols.LOG_PERPLEXITY)).isBetween(1.0, 8.8);
    assertThat(
            ctx.warehouse()
                .read(spark, Table.TERM_STATS)
                .filter(col(Cols.TERM).equalTo("coronavirus"))
                .count())
        .isPositive();
    assertThat(ctx.warehouse().read(spark, Table.SHIFTS).count()).isPositive();
  }
}
