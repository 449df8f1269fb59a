package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29's guarantee: N nightlies give the same tables as one backfill of the same articles. The
 * demo corpus is delivered night by night, one file a night, with what real feeds do: a tenth of
 * each day's articles a few nights late, a night with no delivery (its articles come the next
 * night), a day's file re-sent under another name, a night run twice, and the corpus' planted
 * republications arriving on the nights after their originals. The vocabulary and topic model are
 * built once (by the backfill) and used by both, so every table but the model's own must be equal
 * row for row, up to run ids and the rejects' ingest date.
 */
class NightsEqualBackfillTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final int DAYS = 28;
  private static final int LATE_NIGHTS = 3;
  private static final int EMPTY_NIGHT = 10;
  private static final int RESENT_NIGHT = 15;
  private static final int RERUN_NIGHT = 20;
  private static final int NIGHTS = 30;
  // Few articles a day (about 21): a night's cost in CI is mostly its fixed part, and the planted
  // republications (8% of the wire's stories, one to three copies each) are still about eight.
  private static final int ARTICLES = 600;

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  static Settings settings() {
    return Settings.fromMaps(
        Map.of(),
        Map.of(
            "topics.k", "5",
            "topics.max_iter", "8",
            "topics.stability_check", "false",
            "nightly.refit_days", "0"),
        "test");
  }

  @Test
  void thirtyNightsEqualOneBackfill() throws IOException {
    spark.catalog().clearCache(); // what other tests of this JVM's session left
    Path corpus = dir.resolve("corpus");
    DemoCorpusGenerator.generate(new DemoCorpusSpec(ARTICLES, START, DAYS, 42L), corpus);
    Map<Integer, List<String>> deliveries = plan(corpus);
    Path feed = Files.createDirectories(dir.resolve("feed"));
    SourceSpec source =
        new SourceSpec(feed.toUri() + "*.jsonl", InputFormat.JSONL, Mapping.defaults());

    // The vocabulary and the model, built once from every delivery.
    Path all = Files.createDirectories(dir.resolve("all"));
    for (int night = 1; night <= NIGHTS; night++) {
      write(all, night, deliveries.get(night));
    }
    String models = dir.resolve("models").toString();
    backfill(
        models, new SourceSpec(all.toUri() + "*.jsonl", InputFormat.JSONL, Mapping.defaults()));
    assertThat(TestSpark.nothingCached(spark)).as("nothing cached after the backfill").isTrue();

    // The nights.
    String nights = dir.resolve("nights").toString();
    copyTree(Path.of(models).resolve("models"), Path.of(nights).resolve("models"));
    for (int night = 1; night <= NIGHTS; night++) {
      if (night != EMPTY_NIGHT) {
        write(feed, night, deliveries.get(night));
      }
      if (night == EMPTY_NIGHT + 1) {
        write(feed, EMPTY_NIGHT, deliveries.get(EMPTY_NIGHT));
      }
      if (night == RESENT_NIGHT) {
        write(
            feed.resolve(String.format("d%02d.resent.jsonl", RESENT_NIGHT - 1)),
            deliveries.get(RESENT_NIGHT - 1));
      }
      RunLog.Accounting a = nightly(nights, source, night);
      // Anything a night leaves cached stays in memory and is planned again at later writes.
      assertThat(TestSpark.nothingCached(spark))
          .as("nothing cached after night %d", night)
          .isTrue();
      if (night == EMPTY_NIGHT) {
        assertThat(a.records()).as("night %d had no delivery", night).isZero();
      }
      if (night == RERUN_NIGHT) {
        Map<Table, Dataset<Row>> before = NightlyTest.snapshot(spark, nights);
        assertThat(nightly(nights, source, night).records()).as("a re-run reads nothing").isZero();
        NightlyTest.assertSameTables(before, NightlyTest.snapshot(spark, nights));
      }
    }

    // One backfill of the same files, with the same vocabulary and model.
    String once = dir.resolve("backfill").toString();
    copyTree(Path.of(models).resolve("models"), Path.of(once).resolve("models"));
    backfill(once, source);

    Warehouse a = new Warehouse(once);
    Warehouse b = new Warehouse(nights);
    assertThat(b.read(spark, Table.ARTICLES).count())
        .as("every article of the corpus")
        .isEqualTo(a.read(spark, Table.ARTICLES).count());
    assertThat(b.read(spark, Table.DUPLICATES).filter(col(Cols.KIND).equalTo("near")).count())
        .as("republications across nights clustered")
        .isPositive();
    for (Table t : Table.values()) {
      if (t == Table.TOPIC_TERMS || t == Table.TOPIC_QUALITY || t == Table.PENDING_DATES) {
        continue; // the model's own tables (fitted once, by the backfill); nothing pending
      }
      String[] columns =
          t.columns().stream()
              .filter(c -> !c.equals(Cols.RUN_ID) && !c.equals(Cols.INGEST_DATE))
              .toArray(String[]::new);
      Rows.assertSameRows(a.read(spark, t), b.read(spark, t), columns);
    }
  }

  private void backfill(String warehouse, SourceSpec source) {
    RunContext ctx = RunContext.start(warehouse, settings(), day(NIGHTS), "backfill");
    RunLog log = new RunLog(ctx);
    NightlyJob.backfill(ctx, List.of(source), START.minusDays(40), day(NIGHTS), false)
        .run(spark, log);
    log.finish(spark, true, null);
  }

  private RunLog.Accounting nightly(String warehouse, SourceSpec source, int night) {
    RunContext ctx = RunContext.start(warehouse, settings(), day(night), NightlyPlan.NIGHTLY);
    RunLog log = new RunLog(ctx);
    NightlyJob.Outcome outcome =
        NightlyJob.nightly(ctx, List.of(source), day(night), false).run(spark, log);
    log.finish(spark, true, null);
    return outcome.pipeline().accounting();
  }

  private static LocalDate day(int night) {
    return START.plusDays(night - 1L);
  }

  /**
   * Which lines each night delivers: a day's articles on its night, except every tenth one (by a
   * hash of the line), which comes {@link #LATE_NIGHTS} nights late.
   */
  private static Map<Integer, List<String>> plan(Path corpus) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<Integer, List<String>> out = new TreeMap<>();
    for (int n = 1; n <= NIGHTS; n++) {
      out.put(n, new ArrayList<>());
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        LocalDate date = LocalDate.parse(json.readTree(line).get("date").asText().substring(0, 10));
        int night = (int) (date.toEpochDay() - START.toEpochDay()) + 1;
        boolean late = Math.floorMod(line.hashCode(), 10) == 0;
        out.get(Math.min(NIGHTS, night + (late ? LATE_NIGHTS : 0))).add(line);
      }
    }
    return out;
  }

  private static void write(Path folder, int night, List<String> lines) throws IOException {
    write(folder.resolve(String.format("d%02d.jsonl", night)), lines);
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
