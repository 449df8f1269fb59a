package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly's ingest over the real {@code seeds} (a wire story and its rewrite by another outlet)
 * delivered on two nights: the second night reads only the new file, and the rewrite joins the wire
 * story's cluster through its stored signature; a night with nothing new changes nothing; an
 * article older than {@code nightly.late_days} is rejected as {@code too_late}, and when its file
 * is corrected to a recent date, what the file brought before is replaced. The end state equals one
 * backfill of the same files.
 */
class CrossNightIngestTest {
  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private RunLog.Accounting nightly(String warehouse, Path input, String date) {
    return nightly(warehouse, input, date, Map.of());
  }

  private RunLog.Accounting nightly(
      String warehouse, Path input, String date, Map<String, String> more) {
    RunContext ctx =
        RunContext.start(warehouse, settings(more), LocalDate.parse(date), NightlyPlan.NIGHTLY);
    RunLog log = new RunLog(ctx);
    NightlyJob.Outcome outcome =
        NightlyJob.nightly(ctx, List.of(source(input)), LocalDate.parse(date), false)
            .run(spark, log);
    log.finish(spark, true, null);
    return outcome.pipeline().accounting();
  }

  /** The nightly test's fast settings, with the default MinHash bands that find rewrites. */
  private static io.newsdrift.config.Settings settings() {
    return settings(Map.of());
  }

  private static io.newsdrift.config.Settings settings(Map<String, String> more) {
    Map<String, String> keys =
        new java.util.TreeMap<>(
            Map.of(
                "topics.k", "4",
                "topics.max_iter", "4",
                "topics.stability_check", "false",
                "features.grains", "week",
                "coverage.grains", "week"));
    keys.putAll(more);
    return io.newsdrift.config.Settings.fromMaps(Map.of(), keys, "test");
  }

  private static SourceSpec source(Path input) {
    return new SourceSpec(input.toString(), InputFormat.TEXT, Mapping.defaults());
  }

  private static void story(Path file, String date, String words) throws IOException {
    Files.writeString(file, " date " + date + " " + words + "\n");
  }

  @Test
  void aRewriteArrivingANightLaterJoinsTheEarlierClusterAndNightsEqualOneBackfill()
      throws IOException {
    String wh = dir.resolve("wh").toString();
    Warehouse warehouse = new Warehouse(wh);
    Path in = deliverSeed(0);
    assertThat(nightly(wh, in, "2024-05-16").records()).isEqualTo(1);

    deliverSeed(1);
    RunLog.Accounting second = nightly(wh, in, "2024-05-17");
    assertThat(second.records()).as("only the new file is read").isEqualTo(1);
    List<Row> articles = warehouse.read(spark, Table.ARTICLES).collectAsList();
    assertThat(articles).hasSize(2);
    assertThat(articles)
        .extracting(r -> r.<String>getAs(Cols.DUP_CLUSTER_ID))
        .as("one cluster across the two nights")
        .containsOnly(articles.get(0).<String>getAs(Cols.DUP_CLUSTER_ID));
    assertThat(articles).filteredOn(r -> r.<Boolean>getAs(Cols.IS_CANONICAL)).hasSize(1);
    assertThat(warehouse.read(spark, Table.DUPLICATES).count()).isEqualTo(2);

    // Nothing new: nothing read, nothing changed.
    Dataset<Row> before = warehouse.read(spark, Table.ARTICLES).localCheckpoint();
    assertThat(nightly(wh, in, "2024-05-17").records()).isZero();
    Rows.assertSameRows(before, warehouse.read(spark, Table.ARTICLES), columns(Table.ARTICLES));

    // Too late (more than nightly.late_days=30 before the night), then corrected to a late but
    // recent date: the reject it brought is replaced by the article.
    Path late = dir.resolve("in/late");
    Files.createDirectories(late);
    String text =
        "Grain exporters said on Friday that shipments through the Black Sea corridor resumed"
            + " after a pause of three days, with eleven vessels leaving the ports of Odesa.";
    story(late.resolve("late.txt"), "2024-03-01", text);
    RunLog.Accounting third = nightly(wh, dir.resolve("in"), "2024-05-18");
    assertThat(third.records()).isEqualTo(1);
    assertThat(
            warehouse
                .read(spark, Table.REJECTS)
                .filter(col(Cols.REASON).equalTo(IngestJob.TOO_LATE))
                .count())
        .isEqualTo(1);
    story(late.resolve("late.txt"), "2024-05-10", text + " Insurers raised their rates again.");
    late.resolve("late.txt").toFile().setLastModified(System.currentTimeMillis() + 5_000);
    RunLog.Accounting fourth = nightly(wh, dir.resolve("in"), "2024-05-19");
    assertThat(fourth.records()).as("the changed file alone").isEqualTo(1);
    assertThat(warehouse.read(spark, Table.REJECTS).count()).as("its old reject is gone").isZero();
    assertThat(
            warehouse
                .read(spark, Table.ARTICLES)
                .filter(col(Cols.DATE).equalTo(java.sql.Date.valueOf("2024-05-10")))
                .count())
        .isEqualTo(1);

    // One backfill of the same files gives the same articles, duplicates and signatures.
    assertEqualsOneBackfill(warehouse, Map.of(), "2024-01-01", "2024-05-19");
  }

  /** Copies the {@code i}th of the two seeds files into the feed folder, which it returns. */
  private Path deliverSeed(int i) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in/seeds"));
    Path file;
    try (var s = Files.list(SharedData.resolve("seeds"))) {
      file = s.sorted().toList().get(i);
    }
    Files.copy(file, in.resolve(file.getFileName()));
    return in;
  }

  /**
   * One backfill of every file under {@code in} from {@code from} to {@code to}, into a warehouse
   * of its own, gives the articles, duplicates and signatures the nights left in {@code nights}.
   */
  private void assertEqualsOneBackfill(
      Warehouse nights, Map<String, String> more, String from, String to) {
    String once = dir.resolve("once").toString();
    RunContext ctx = RunContext.start(once, settings(more), LocalDate.parse(to), "backfill");
    RunLog log = new RunLog(ctx);
    NightlyJob.backfill(
            ctx,
            List.of(source(dir.resolve("in"))),
            LocalDate.parse(from),
            LocalDate.parse(to),
            false)
        .run(spark, log);
    log.finish(spark, true, null);
    for (Table t : List.of(Table.ARTICLES, Table.DUPLICATES, Table.SIGNATURES)) {
      Rows.assertSameRows(new Warehouse(once).read(spark, t), nights.read(spark, t), columns(t));
    }
  }

  /**
   * Other MinHash banding on the second night (the same 192 functions, in 64 bands of 3 rows
   * instead of 48 of 4): the band keys stored on the first night never meet the new ones, so the
   * stored signature is made again under the new settings from its article's text. The rewrite
   * still joins the wire story's cluster, and the tables are those one backfill under the new
   * settings writes.
   */
  @Test
  void signaturesStoredUnderOtherDedupSettingsAreMadeAgainSoALaterCopyIsStillFound()
      throws IOException {
    String wh = dir.resolve("wh").toString();
    Warehouse warehouse = new Warehouse(wh);
    Path in = deliverSeed(0);
    nightly(wh, in, "2024-05-16");
    Map<String, String> otherBands = Map.of("dedup.bands", "64", "dedup.rows_per_band", "3");
    String scheme =
        Deduplicator.signatureScheme(io.newsdrift.config.DedupConfig.from(settings(otherBands)));
    assertThat(warehouse.property(spark, Table.SIGNATURES, IngestJob.SIGNATURE_SCHEME))
        .as("recorded when the table is made")
        .isPresent()
        .get()
        .isNotEqualTo(scheme);

    deliverSeed(1);
    nightly(wh, in, "2024-05-17", otherBands);

    assertEqualsOneBackfill(warehouse, otherBands, "2024-05-16", "2024-05-17");
    List<Row> articles = warehouse.read(spark, Table.ARTICLES).collectAsList();
    assertThat(articles)
        .extracting(r -> r.<String>getAs(Cols.DUP_CLUSTER_ID))
        .as("one cluster across the two nights, under two banding schemes")
        .hasSize(2)
        .containsOnly(articles.get(0).<String>getAs(Cols.DUP_CLUSTER_ID));
    assertThat(warehouse.property(spark, Table.SIGNATURES, IngestJob.SIGNATURE_SCHEME))
        .contains(scheme);
  }

  private static String[] columns(Table t) {
    return t.columns().stream().filter(c -> !c.equals(Cols.RUN_ID)).toArray(String[]::new);
  }
}
