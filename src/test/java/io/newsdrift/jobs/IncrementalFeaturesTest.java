package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Keys;
import io.newsdrift.config.RunConfig;
import io.newsdrift.config.Settings;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.LogLines;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental {@code features} run gives the very rows of a full one. A small demo corpus (six
 * outlets, Monday 2024-01-01 to Sunday 2024-02-11) is split into what a first night saw (A) and
 * what later nights changed (B): new dates from Wednesday 2024-02-07 (mid-week, mid-month), late
 * articles of two dates A has (Wednesday 2024-01-10; Wednesday 2024-01-31, whose week ends in
 * February), every article of 2024-01-24 gone (its day rows must go, its week and month shrink),
 * and 2024-02-20, a touched date without any article. Features run fully on A, then incrementally
 * on those touched dates, must equal a full run over the final articles with the same frozen
 * vocabulary, row for row and bit for bit, having analysed only the touched dates' articles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalFeaturesTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final List<LocalDate> NEW_DATES =
      START.plusDays(37).datesUntil(START.plusDays(42)).toList(); // 2024-02-07 .. 02-11
  private static final List<LocalDate> LATE_DATES =
      List.of(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 31));
  private static final LocalDate EMPTIED = LocalDate.of(2024, 1, 24);
  private static final LocalDate NEVER_PUBLISHED = LocalDate.of(2024, 2, 20);

  private final SparkSession spark = TestSpark.session();
  private TouchedDates touched;
  private Warehouse incremental;
  private Warehouse full;
  private List<String> incrementalLog;
  private long touchedArticles;
  private long allArticles;
  private Vocabulary vocabulary;

  @BeforeAll
  void aFirstNightThenTheTouchedDatesAndAFullRunToCompareWith(@TempDir Path dir)
      throws IOException {
    DemoCorpusGenerator.generate(new DemoCorpusSpec(500, START, 42, 11L), dir.resolve("corpus"));
    Dataset<Row> corpus = articles(dir.resolve("corpus")).localCheckpoint();

    TreeSet<LocalDate> dates = new TreeSet<>(NEW_DATES);
    dates.addAll(LATE_DATES);
    dates.add(EMPTIED);
    dates.add(NEVER_PUBLISHED);
    touched = TouchedDates.of(dates);
    Column late =
        col(Cols.DATE)
            .isin(LATE_DATES.toArray())
            .and(pmod(hash(col(Cols.ARTICLE_ID)), lit(2)).equalTo(0));
    Dataset<Row> first = corpus.filter(col(Cols.DATE).lt(lit(NEW_DATES.get(0))).and(not(late)));
    Dataset<Row> last = corpus.filter(col(Cols.DATE).notEqual(lit(EMPTIED)));

    // The first night, fully (it freezes the vocabulary); then the later nights' articles.
    RunContext night = context(dir.resolve("incremental"), "features");
    incremental = night.warehouse();
    incremental.write(spark, Table.ARTICLES, first);
    vocabulary = new FeaturesJob(night, false).run(spark, new RunLog(night)).orElseThrow();
    incremental.replace(
        spark,
        Table.ARTICLES,
        last.filter(touched.contains(col(Cols.DATE))),
        touched.contains(col(Cols.DATE)));
    try (LogLines lines = LogLines.infos()) {
      Optional<Vocabulary> used =
          new FeaturesJob(night, false, touched).run(spark, new RunLog(night));
      assertThat(used.map(Vocabulary::version)).contains(vocabulary.version());
      incrementalLog = lines.lines();
    }
    List<String> languages = Settings.defaults().get(Keys.FEATURES_LANGUAGES);
    touchedArticles =
        FeaturesJob.analysedArticles(last.filter(touched.contains(col(Cols.DATE))), languages)
            .count();
    allArticles = FeaturesJob.analysedArticles(last, languages).count();

    // The same final articles from scratch, with the same frozen vocabulary.
    RunContext rebuild = context(dir.resolve("full"), "features");
    full = rebuild.warehouse();
    full.write(spark, Table.ARTICLES, last);
    new ModelStore(full).saveVocabulary(spark, vocabulary);
    assertThat(new FeaturesJob(rebuild, false).run(spark, new RunLog(rebuild)))
        .map(Vocabulary::version)
        .contains(vocabulary.version());
  }

  /**
   * The demo corpus as {@code articles} rows without an ingest (a third of this test's time):
   * features reads outlet, date, title, text and language; the rest only fills the table's columns.
   */
  private Dataset<Row> articles(Path corpus) {
    return spark
        .read()
        .schema("id STRING, outlet STRING, url STRING, title STRING, text STRING, date STRING")
        .json(corpus.toAbsolutePath() + "/*.jsonl")
        .select(
            col("id").as(Cols.ARTICLE_ID),
            col("outlet").as(Cols.OUTLET),
            col("url").as(Cols.URL),
            col("title").as(Cols.TITLE),
            col("text").as(Cols.TEXT),
            to_timestamp(col("date")).as(Cols.PUBLISHED_AT),
            to_date(to_timestamp(col("date"))).as(Cols.DATE),
            lit("en").as(Cols.LANGUAGE),
            size(split(col("text"), " ")).as(Cols.WORD_COUNT),
            lit("demo").as(Cols.SOURCE_URI),
            lit(0L).as(Cols.RECORD_POSITION),
            sha2(col("text"), 256).as(Cols.CONTENT_HASH),
            col("id").as(Cols.DUP_CLUSTER_ID),
            lit(true).as(Cols.IS_CANONICAL),
            lit("demo").as(Cols.RUN_ID));
  }

  private static RunContext context(Path warehouse, String command) {
    return RunContext.start(warehouse.toString(), Settings.defaults(), START.plusDays(42), command);
  }

  @Test
  void termStatsEqualAFullRunRowForRow() {
    assertSameTable(Table.TERM_STATS);
  }

  @Test
  void distinctiveTermsEqualAFullRunRowForRow() {
    assertSameTable(Table.DISTINCTIVE_TERMS);
  }

  /** Every column, doubles unrounded: the incremental rows are the full run's, bit for bit. */
  private void assertSameTable(Table table) {
    String[] columns = table.columns().toArray(String[]::new);
    List<String> expected = Rows.sortedRows(full.read(spark, table), columns);
    List<String> actual = Rows.sortedRows(incremental.read(spark, table), columns);
    assertThat(expected)
        .as("rows of %s in the full run", table.tableName())
        .hasSizeGreaterThan(100);
    Rows.assertSameRows(expected, actual, table.tableName() + " " + List.of(columns));
    // What the nights changed is in both: the emptied date has no day rows, the new dates have.
    assertThat(actual).noneMatch(r -> r.startsWith("[day," + EMPTIED + ","));
    assertThat(actual).anyMatch(r -> r.startsWith("[day," + NEW_DATES.get(4) + ","));
  }

  @Test
  void onlyTheTouchedDatesArticlesAreAnalysed() {
    assertThat(touchedArticles).as("articles of the touched dates").isPositive();
    assertThat(touchedArticles).as("against all articles").isLessThan(allArticles / 3);
    assertThat(incrementalLog)
        .as("INFO lines of the incremental run")
        .filteredOn(l -> l.contains("FeaturesJob: features: analysed "))
        .singleElement()
        .asString()
        .startsWith(
            "INFO FeaturesJob: features: analysed "
                + touchedArticles
                + " articles of the touched "
                + touched
                + " (");
    assertThat(incrementalLog)
        .as("INFO lines of the incremental run")
        .noneMatch(l -> l.contains("every date recomputed"))
        .noneMatch(l -> l.startsWith("WARN"));
  }

  @Test
  void noTouchedDateWritesNothing() {
    Map<String, Long> before = snapshots(incremental);
    RunContext ctx =
        new RunContext(incremental, RunConfig.defaults(), "nothing-new", START, "features");
    List<String> lines;
    try (LogLines log = LogLines.infos()) {
      new FeaturesJob(ctx, false, TouchedDates.of(List.of())).run(spark, new RunLog(ctx));
      lines = log.lines();
    }
    assertThat(snapshots(incremental)).isEqualTo(before);
    assertThat(lines)
        .containsExactly(
            "INFO FeaturesJob: features: no date touched, nothing to recompute: term_stats and"
                + " distinctive_terms left as they are");
  }

  /**
   * Without day rows there is nothing to add the touched dates to: every date is recomputed, with
   * one WARN line. (On the full run's warehouse, whose week rows this gives again as they are.)
   */
  @Test
  void withoutTheDayGrainEveryDateIsRecomputedWithOneWarning() {
    Settings weekly = Settings.fromMaps(Map.of(), Map.of("features.grains", "week"), "test");
    RunContext ctx = new RunContext(full, RunConfig.from(weekly), "weekly", START, "features");
    List<String> lines;
    try (LogLines log = LogLines.infos()) {
      new FeaturesJob(ctx, false, TouchedDates.of(List.of(NEVER_PUBLISHED)))
          .run(spark, new RunLog(ctx));
      lines = log.lines();
    }
    assertThat(lines)
        .filteredOn(l -> l.startsWith("WARN"))
        .containsExactly(
            "WARN FeaturesJob: features: every date recomputed (touched: "
                + NEVER_PUBLISHED
                + "): features.grains=[week] has no day, so term_stats keeps no day counts to sum"
                + " the touched periods from");
    assertThat(lines).noneMatch(l -> l.contains("features: analysed "));
  }

  private Map<String, Long> snapshots(Warehouse wh) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (Table t : List.of(Table.TERM_STATS, Table.DISTINCTIVE_TERMS)) {
      out.put(
          t.tableName(),
          wh.icebergTable(spark, wh.qualifiedName(spark, t.tableName()))
              .currentSnapshot()
              .snapshotId());
    }
    return out;
  }
}
