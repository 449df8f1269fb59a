package io.newsdrift.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsdrift.config.Settings;
import io.newsdrift.io.Warehouse;
import io.newsdrift.jobs.RunContext;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.CommandLine;
import io.newsdrift.testing.CommandLine.Run;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maintain} through the command line on a warehouse of one {@code ingest} and four re-runs
 * of its days. With the defaults it expires nothing (every snapshot is younger than 7 days) and
 * tags every run, deletes an old unreferenced file but not a fresh one, and compacts a partition of
 * many small files and the {@code runs} table (one file per run). Then, with {@code keep_days=0}
 * and {@code keep_runs=2}, only the current snapshots and those of the last two runs survive. Every
 * table reads the same rows before and after each.
 */
class MaintainTest {
  private static final List<String> DAYS =
      List.of("2024-05-11", "2024-05-12", "2024-05-13", "2024-05-14", "2024-05-15");
  private static final String SPLIT_DAY = "2024-05-15";
  private static final List<String> ALL_TABLES =
      Stream.concat(Stream.of(Table.values()).map(Table::tableName), Stream.of("runs")).toList();

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private Run run(String... argv) {
    return CommandLine.run(spark, argv);
  }

  /** Eight articles a day from two outlets, each with words of its own. */
  private Path articles(List<String> days) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (String date : days) {
      for (int i = 0; i < 8; i++) {
        String outlet = i % 2 == 0 ? "metro.example" : "herald.example";
        String id = date + "-" + i;
        lines.append(
            String.format(
                "{\"id\":\"%s\",\"outlet\":\"%s\",\"url\":\"https://%s/%s\","
                    + "\"title\":\"Story %s\",\"text\":\"Council item %s number %d discussed"
                    + " alpha%d beta%d gamma%d\",\"date\":\"%s\"}%n",
                id, outlet, outlet, id, id, date, i, i, i, i, date));
      }
    }
    Path file = dir.resolve("in").resolve("articles.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, lines);
    return file;
  }

  private String ingest(String wh, Path input) {
    return run(
            "ingest",
            "--warehouse",
            wh,
            "--input",
            input.toString(),
            "--format",
            "jsonl",
            "--set",
            "dedup.bands=8",
            "--set",
            "dedup.rewrite_threshold=1.0")
        .ok()
        .runId();
  }

  /**
   * A run that replaces one day of {@code articles} with the same rows and records itself in {@code
   * runs}, as a re-run of that day does (what a run commits, without an ingest's cost).
   */
  private String rerun(String wh, String date) {
    RunContext ctx = RunContext.start(wh, Settings.defaults(), LocalDate.parse(date), "backfill");
    RunLog log = new RunLog(ctx);
    Dataset<Row> day =
        ctx.warehouse()
            .read(spark, Table.ARTICLES)
            .filter(col("date").equalTo(Date.valueOf(date)))
            .localCheckpoint();
    ctx.warehouse().write(spark, Table.ARTICLES, day);
    log.finish(spark, true, null);
    return ctx.runId();
  }

  private Run maintain(String wh, int keepRuns) {
    return run(
        "maintain",
        "--warehouse",
        wh,
        "--set",
        "maintenance.keep_days=0",
        "--set",
        "maintenance.keep_runs=" + keepRuns);
  }

  /** Each run's table_snapshots, by run id. */
  private Map<String, Map<String, Long>> runSnapshots(Warehouse wh) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (Row r :
        wh.readIfExists(spark, "runs")
            .orElseThrow()
            .select("run_id", "table_snapshots")
            .collectAsList()) {
      out.put(r.getString(0), new TreeMap<>(r.<String, Long>getJavaMap(1)));
    }
    return out;
  }

  /** Every table's rows, as sorted strings (binary columns by content). */
  private Map<String, List<String>> tables(Warehouse wh, String withoutRun) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String t : ALL_TABLES) {
      if (wh.exists(spark, t)) {
        Dataset<Row> df = spark.table(wh.qualifiedName(spark, t));
        if (t.equals("runs")) {
          df = df.filter(col("run_id").notEqual(withoutRun));
        }
        out.put(t, Rows.comparable(df, df.columns()));
      }
    }
    return out;
  }

  private List<String> versionRows(Warehouse wh, String table, long snapshot) {
    Dataset<Row> df =
        spark.sql("SELECT * FROM " + wh.qualifiedName(spark, table) + " VERSION AS OF " + snapshot);
    return Rows.comparable(df, df.columns());
  }

  /** Rows of every snapshot the given runs committed, by table and snapshot id. */
  private Map<String, List<String>> versions(
      Warehouse wh, Map<String, Map<String, Long>> runs, Set<String> ids) {
    Map<String, List<String>> out = new TreeMap<>();
    ids.forEach(id -> runs.get(id).forEach((t, s) -> out.put(t + "@" + s, versionRows(wh, t, s))));
    return out;
  }

  private long dataFiles(Warehouse wh, String table, String where) {
    return spark
        .sql("SELECT count(*) FROM " + wh.qualifiedName(spark, table) + ".files WHERE " + where)
        .first()
        .getLong(0);
  }

  private Set<String> runTags(Warehouse wh, String table) {
    Set<String> out = new HashSet<>();
    wh.icebergTable(spark, wh.qualifiedName(spark, table))
        .refs()
        .forEach(
            (name, ref) -> {
              if (ref.isTag()) {
                out.add(name);
              }
            });
    return out;
  }

  /** Asserts each snapshot is no longer in its table, and reading it fails. */
  private void assertExpired(Warehouse wh, Map<String, Set<Long>> snapshotsByTable) {
    snapshotsByTable.forEach(
        (t, ids) -> {
          org.apache.iceberg.Table table = wh.icebergTable(spark, wh.qualifiedName(spark, t));
          for (long id : ids) {
            assertThat(table.snapshot(id)).as("snapshot %d of %s expired", id, t).isNull();
            assertThatThrownBy(() -> versionRows(wh, t, id))
                .as("reading %s as of expired snapshot %d", t, id)
                .hasMessageContaining(String.valueOf(id));
          }
        });
  }

  /** The snapshots {@code gone} runs committed that none of the {@code kept} runs did. */
  private static Map<String, Set<Long>> onlyOf(
      Map<String, Map<String, Long>> runs, List<String> gone, List<String> kept) {
    Set<Long> keptIds = new HashSet<>();
    Set<String> keptTables = new HashSet<>();
    kept.forEach(
        id -> {
          keptIds.addAll(runs.get(id).values());
          keptTables.addAll(runs.get(id).keySet());
        });
    Map<String, Set<Long>> out = new TreeMap<>();
    Map<String, Long> lastGone = new TreeMap<>();
    for (String id : gone) {
      runs.get(id)
          .forEach(
              (t, s) -> {
                if (!keptIds.contains(s)) {
                  out.computeIfAbsent(t, k -> new HashSet<>()).add(s);
                  lastGone.put(t, s);
                }
              });
    }
    // A table no kept run wrote (input_files: only the first run): a kept run reads it as the
    // last gone run left it, so that snapshot stays.
    lastGone.forEach(
        (t, s) -> {
          if (!keptTables.contains(t)) {
            out.get(t).remove(s);
          }
        });
    return out;
  }

  @Test
  void expiresOldSnapshotsButThoseOfRecentRunsRemovesOrphansAndCompacts() throws Exception {
    String wh = dir.resolve("wh").toString();
    Warehouse warehouse = new Warehouse(wh);
    List<String> runIds = new ArrayList<>();
    runIds.add(ingest(wh, articles(DAYS)));
    for (String d : DAYS.subList(0, 4)) {
      runIds.add(rerun(wh, d));
    }
    String articles = warehouse.qualifiedName(spark, "articles");
    String splitDay = "partition.date = DATE'" + SPLIT_DAY + "'";

    // newsdrift's own writes cluster each partition's rows into one task, so a partition gets
    // one file a run; another writer (or an older version) may leave many. Six here, same rows.
    spark
        .table(articles)
        .filter(col("date").equalTo(Date.valueOf(SPLIT_DAY)))
        .localCheckpoint()
        .repartition(6)
        .writeTo(articles)
        .option("distribution-mode", "none")
        .overwritePartitions();
    long splitFiles = dataFiles(warehouse, "articles", splitDay);
    assertThat(splitFiles).as("small files of the split partition").isGreaterThanOrEqualTo(5);
    long splitSnapshot = warehouse.icebergTable(spark, articles).currentSnapshot().snapshotId();
    assertThat(dataFiles(warehouse, "runs", "true")).as("one file per run").isEqualTo(5);

    // A file a killed run left three days ago, and one a live writer has just written.
    Path partition =
        Path.of(dir.resolve("wh").toString(), "news", "articles", "data", "date=" + SPLIT_DAY);
    Path parquet;
    try (Stream<Path> files = Files.list(partition)) {
      parquet = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path orphan = Files.copy(parquet, partition.resolve("00000-0-killed-run.parquet"));
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    Path fresh = Files.copy(parquet, partition.resolve("00000-0-still-writing.parquet"));

    Map<String, Map<String, Long>> runs = runSnapshots(warehouse);
    Map<String, List<String>> allVersions = versions(warehouse, runs, runs.keySet());
    List<String> kept = runIds.subList(3, 5);
    Map<String, List<String>> keptVersions = versions(warehouse, runs, Set.copyOf(kept));
    Map<String, List<String>> before = tables(warehouse, "");

    // The defaults (7 days, 10 runs): nothing is old enough to expire, every run gets its tag.
    // Six tables: articles, rejects, duplicates, signatures, input_files and runs.
    Run first = run("maintain", "--warehouse", wh).ok();
    assertThat(first.out())
        .containsPattern(
            "^newsdrift maintain ok run_id=\\S+ tables=6 snapshots_expired=0 orphans_removed=1"
                + " files_compacted=[1-9]\\d* warehouse=");
    assertThat(tables(warehouse, first.runId())).as("every table's rows").isEqualTo(before);
    assertThat(versions(warehouse, runs, runs.keySet()))
        .as("tables as of every run's snapshots")
        .isEqualTo(allVersions);
    assertThat(warehouse.icebergTable(spark, articles).snapshot(splitSnapshot))
        .as("the snapshot compaction replaced, younger than keep_days")
        .isNotNull();
    assertThat(runTags(warehouse, "articles"))
        .containsExactlyInAnyOrderElementsOf(runIds.stream().map(id -> "run-" + id).toList());
    assertThat(runTags(warehouse, "runs"))
        .as("runs did not exist yet when the first run finished: nothing to keep for it")
        .containsExactlyInAnyOrderElementsOf(
            runIds.subList(1, 5).stream().map(id -> "run-" + id).toList());
    assertThat(orphan).as("old unreferenced file").doesNotExist();
    assertThat(fresh).as("fresh unreferenced file").exists();
    assertThat(dataFiles(warehouse, "articles", splitDay))
        .as("files of the split partition after compaction")
        .isEqualTo(1);
    assertThat(dataFiles(warehouse, "runs", "true"))
        .as("files of runs: the five runs' rows compacted into one, and maintain's own row")
        .isEqualTo(2);

    // keep_days=0, keep_runs=2: the first three runs leave the window (maintain's own run takes
    // no place in it), their tags go and their snapshots expire, as does the one compaction
    // replaced; the last two runs' snapshots and the current ones stay.
    before = tables(warehouse, "");
    Run second = maintain(wh, 2).ok();
    assertThat(second.out())
        .containsPattern(
            "^newsdrift maintain ok run_id=\\S+ tables=6 snapshots_expired=[1-9]\\d*"
                + " orphans_removed=0 files_compacted=0 warehouse=");
    assertThat(tables(warehouse, second.runId())).as("every table's rows").isEqualTo(before);
    assertThat(versions(warehouse, runs, Set.copyOf(kept)))
        .as("tables as of the snapshots of the last 2 runs")
        .isEqualTo(keptVersions);
    assertExpired(warehouse, onlyOf(runs, runIds.subList(0, 3), kept));
    assertExpired(warehouse, Map.of("articles", Set.of(splitSnapshot)));
    for (String t : List.of("articles", "runs")) {
      assertThat(runTags(warehouse, t))
          .as("tags of %s", t)
          .containsExactlyInAnyOrder("run-" + kept.get(0), "run-" + kept.get(1));
    }
    assertThat(fresh).as("fresh unreferenced file").exists();
  }
}
