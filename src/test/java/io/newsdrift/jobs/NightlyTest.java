package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Settings;
import io.newsdrift.io.ModelStore;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightly} over the real {@code fwd-news} headlines (one file): the first night reads the
 * file and ingests every date in it, a repeated night reads nothing new and leaves every table as
 * it was (compared row for row), a later night after missed ones records its window from the
 * watermark in {@code runs} and refits the model on schedule, and {@code backfill} recomputes a
 * range.
 */
class NightlyTest {
  private final SparkSession spark = TestSpark.session();

  /** Small, fast settings: weekly grain only, a small topic model, fewer MinHash bands. */
  static Settings fastSettings() {
    return Settings.fromMaps(
        Map.of(),
        Map.of(
            "topics.k", "4",
            "topics.max_iter", "8",
            "topics.stability_check", "false",
            "features.grains", "week",
            "coverage.grains", "week",
            "dedup.bands", "8",
            "nightly.refit_days", "7"),
        "test");
  }

  private NightlyJob.Outcome nightly(String warehouse, String date) {
    RunContext ctx =
        RunContext.start(warehouse, fastSettings(), LocalDate.parse(date), NightlyPlan.NIGHTLY);
    RunLog log = new RunLog(ctx);
    NightlyJob.Outcome outcome =
        NightlyJob.nightly(ctx, List.of(SharedData.fwdNews()), LocalDate.parse(date), false)
            .run(spark, log);
    log.finish(spark, true, null);
    return outcome;
  }

  /** Every table's rows (without run ids), for comparing two warehouses or two moments. */
  static Map<Table, Dataset<Row>> snapshot(SparkSession spark, String warehouse) {
    io.newsdrift.io.Warehouse wh = new io.newsdrift.io.Warehouse(warehouse);
    Map<Table, Dataset<Row>> out = new java.util.EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (wh.exists(spark, t)) {
        out.put(t, wh.read(spark, t).localCheckpoint());
      }
    }
    return out;
  }

  static void assertSameTables(Map<Table, Dataset<Row>> expected, Map<Table, Dataset<Row>> actual) {
    assertThat(actual.keySet()).as("tables").isEqualTo(expected.keySet());
    for (Table t : expected.keySet()) {
      // Run ids differ, and so do input files' versions (modification times) where a demo wrote
      // its corpus again.
      String[] columns =
          t.columns().stream()
              .filter(c -> !c.equals(Cols.RUN_ID) && !c.equals(Cols.VERSION))
              .toArray(String[]::new);
      assertThat(actual.get(t).count()).as("rows of %s", t).isEqualTo(expected.get(t).count());
      Rows.assertSameRows(expected.get(t), actual.get(t), columns);
    }
  }

  @Test
  void nightsAreIdempotentCaughtUpRefittedAndBackfilled(@TempDir Path dir) {
    String warehouse = dir.resolve("wh").toString();

    NightlyJob.Outcome first = nightly(warehouse, "2021-11-18");
    assertThat(first.window()).isEqualTo(new DateWindow(null, LocalDate.parse("2021-11-18")));
    assertThat(first.refitted()).as("no model yet: the first night fits one").isTrue();
    RunLog.Accounting a = first.pipeline().accounting();
    assertThat(a.outsideWindow()).as("a new file is ingested whole").isZero();
    assertThat(a.records()).isGreaterThan(9_000);
    Map<Table, Dataset<Row>> once = snapshot(spark, warehouse);
    Dataset<Row> articles =
        once.get(Table.ARTICLES).filter(col(Cols.DATE).leq(java.sql.Date.valueOf("2021-11-18")));
    assertThat(
            once.get(Table.ARTICLES)
                .agg(org.apache.spark.sql.functions.max(Cols.DATE))
                .first()
                .getDate(0))
        .as("every date of the file")
        .hasToString("2022-07-11");

    // The same night again: the same window, nothing read, the same rows in every table.
    NightlyJob.Outcome again = nightly(warehouse, "2021-11-18");
    assertThat(again.pipeline().accounting().records()).isZero();
    assertThat(again.window()).isEqualTo(first.window());
    assertThat(again.refitted()).isFalse();
    assertThat(again.pipeline().modelId()).isEqualTo(first.pipeline().modelId());
    assertSameTables(once, snapshot(spark, warehouse));

    // Six nights missed, and a week after the model was first used: the next night catches up
    // from the watermark and refits the model on schedule.
    NightlyJob.Outcome caughtUp = nightly(warehouse, "2021-11-25");
    assertThat(caughtUp.window())
        .isEqualTo(new DateWindow(LocalDate.parse("2021-11-19"), LocalDate.parse("2021-11-25")));
    assertThat(caughtUp.refitted()).as("model is 7 days old, refit every 7").isTrue();
    // Refitted on the same articles (the first night took the whole file), with the same seed:
    // the same model, so the same content-derived id.
    assertThat(caughtUp.pipeline().modelId()).isEqualTo(first.pipeline().modelId());
    assertThat(new ModelStore(new io.newsdrift.io.Warehouse(warehouse)).currentTopicModel(spark))
        .contains(caughtUp.pipeline().modelId());
    // Kept in memory: the backfill below replaces some of these files.
    Dataset<Row> after =
        new io.newsdrift.io.Warehouse(warehouse).read(spark, Table.ARTICLES).localCheckpoint();
    for (String d : List.of("2021-11-19", "2021-11-22", "2021-11-25")) {
      assertThat(after.filter(col(Cols.DATE).equalTo(java.sql.Date.valueOf(d))).count())
          .as("articles of the caught-up date %s", d)
          .isPositive();
    }
    String[] articleColumns =
        Table.ARTICLES.columns().stream()
            .filter(c -> !c.equals(Cols.RUN_ID))
            .toArray(String[]::new);
    Rows.assertSameRows(
        articles,
        after.filter(col(Cols.DATE).leq(java.sql.Date.valueOf("2021-11-18"))),
        articleColumns);
    Dataset<Row> docTopics = new io.newsdrift.io.Warehouse(warehouse).read(spark, Table.DOC_TOPICS);
    // Topics for articles of every date, caught-up ones included (not for every article: a
    // headline with no term of the vocabulary frozen on the first night has none).
    assertThat(docTopics.join(after, Cols.ARTICLE_ID).count()).isEqualTo(docTopics.count());
    assertThat(docTopics.select(Cols.DATE).distinct().count())
        .isEqualTo(after.select(Cols.DATE).distinct().count());
    assertThat(docTopics.select(Cols.MODEL_ID).distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly(caughtUp.pipeline().modelId());

    // The runs table: one row per run, windows, model ids, accounting and stage timings.
    List<Row> runs =
        new io.newsdrift.io.Warehouse(warehouse)
            .readIfExists(spark, RunLog.TABLE)
            .orElseThrow()
            .orderBy("started_at")
            .collectAsList();
    assertThat(runs).hasSize(3);
    List<String> windows = new ArrayList<>();
    for (Row r : runs) {
      boolean firstRun = r == runs.get(0);
      windows.add(r.getAs("date_from") + ".." + r.getAs("date_to"));
      assertThat(r.<String>getAs("status")).isEqualTo("succeeded");
      assertThat(r.<String>getAs("config_hash")).isNotBlank();
      assertThat(r.<Long>getAs("records_in")).isEqualTo(firstRun ? a.records() : 0);
      assertThat(r.getList(r.fieldIndex("input_files"))).hasSize(firstRun ? 1 : 0);
      assertThat(r.getJavaMap(r.fieldIndex("stage_seconds")))
          .containsKeys("plan", "ingest", "features", "topics", "coverage");
      assertThat(r.getJavaMap(r.fieldIndex("seeds"))).containsKey("dedup");
    }
    assertThat(windows)
        .containsExactly("null..2021-11-18", "null..2021-11-18", "2021-11-19..2021-11-25");
    Row file = (Row) runs.get(0).getList(runs.get(0).fieldIndex("input_files")).get(0);
    assertThat(file.<Long>getAs("bytes"))
        .isEqualTo(SharedData.resolve("fwd-news/headlines.jsonl").toFile().length());
    assertThat(file.<String>getAs("crc32")).matches("[0-9a-f]{8}");

    // Backfill recomputes exactly a range, leaving the watermark where it was.
    RunContext ctx =
        RunContext.start(warehouse, fastSettings(), LocalDate.parse("2021-11-20"), "backfill");
    RunLog log = new RunLog(ctx);
    NightlyJob.Outcome backfill =
        NightlyJob.backfill(
                ctx,
                List.of(SharedData.fwdNews()),
                LocalDate.parse("2021-11-19"),
                LocalDate.parse("2021-11-20"),
                false)
            .run(spark, log);
    log.finish(spark, true, null);
    assertThat(backfill.pipeline().accounting().accepted())
        .isEqualTo(
            after
                .filter(
                    col(Cols.DATE)
                        .between(
                            java.sql.Date.valueOf("2021-11-19"),
                            java.sql.Date.valueOf("2021-11-20"))
                        .and(col(Cols.IS_CANONICAL)))
                .count());
    assertThat(
            NightlyPlan.watermark(
                RunHistory.succeeded(spark, new io.newsdrift.io.Warehouse(warehouse))))
        .contains(LocalDate.parse("2021-11-25"));
  }
}
