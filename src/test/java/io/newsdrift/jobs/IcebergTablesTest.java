package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.io.Warehouse;
import io.newsdrift.io.WriterLock;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.CommandLine;
import io.newsdrift.testing.CommandLine.Run;
import io.newsdrift.testing.LogLines;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables are Iceberg tables: one commit per table and run that names its snapshot in {@code
 * runs}, past runs read back by id, the same pipeline on a second catalog type (JDBC on SQLite),
 * columns added in place, and one writer per warehouse.
 */
class IcebergTablesTest {
  private static final List<String> DEMO_ARGS = List.of("--articles", "900");

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private Run run(String... argv) {
    return CommandLine.run(spark, argv);
  }

  private Run demo(String warehouse) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "demo", "--warehouse", warehouse, "--corpus", dir.resolve("corpus").toString()));
    args.addAll(DEMO_ARGS);
    return run(args.toArray(String[]::new)).ok();
  }

  private Map<Table, Dataset<Row>> tables(Warehouse wh) {
    Map<Table, Dataset<Row>> out = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      out.put(t, wh.read(spark, t).localCheckpoint());
    }
    return out;
  }

  @Test
  void eachRunCommitsEachTableOnceAndAPastRunReadsBackOnASecondCatalogToo() throws IOException {
    String root = dir.resolve("wh").toString();
    Warehouse wh = new Warehouse(root);
    String demoRun = demo(root).runId();
    Map<Table, Dataset<Row>> afterDemo = tables(wh);

    // Every table: Iceberg format 2, Parquet, partitioned as declared, one snapshot for the run
    // (input_files two), and the last named in runs.
    Row runRow = runRow(wh, demoRun);
    Map<String, Long> named = runRow.getJavaMap(runRow.fieldIndex("table_snapshots"));
    for (Table t : Table.values()) {
      org.apache.iceberg.Table ice = wh.icebergTable(spark, wh.qualifiedName(spark, t.tableName()));
      assertThat(((HasTableOperations) ice).operations().current().formatVersion())
          .as("format version of %s", t)
          .isEqualTo(2);
      assertThat(ice.properties()).containsEntry(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
      assertThat(ice.spec().fields().stream().map(PartitionField::name).toList())
          .as("partition columns of %s", t)
          .isEqualTo(t.partitionBy());
      // An empty write replaces no partition, and Iceberg commits nothing for it. input_files is
      // committed twice: its files marked pending before the other tables, their versions last.
      boolean empty = afterDemo.get(t).isEmpty();
      int commits = empty ? 0 : t == Table.INPUT_FILES ? 2 : 1;
      assertThat(ice.snapshots()).as("commits of %s in one demo run", t).hasSize(commits);
      if (!empty) {
        assertThat(named).as("runs.table_snapshots").containsEntry(t.tableName(), snapshotId(ice));
      }
      for (String file : dataFiles(ice)) {
        assertThat(file).as("a data file of %s", t).endsWith(".parquet");
      }
    }

    // A later run changes theme_attention; the demo run's tables still read back by its id.
    run("coverage", "--warehouse", root, "--set", "coverage.min_articles=5").ok();
    Dataset<Row> now = wh.read(spark, Table.THEME_ATTENTION);
    assertThat(now.filter(functions.col(Cols.STATUS).equalTo("thin")).count())
        .as("fewer thin periods with a lower minimum")
        .isLessThan(
            afterDemo
                .get(Table.THEME_ATTENTION)
                .filter(functions.col(Cols.STATUS).equalTo("thin"))
                .count());
    RunContext pinned =
        RunHistory.pinnedTo(
            spark,
            RunContext.start(root, io.newsdrift.config.Settings.defaults(), null, "report"),
            demoRun);
    NightlyTest.assertSameTables(afterDemo, tables(pinned.warehouse()));

    Path report = dir.resolve("report-as-of");
    Run asOf = run("report", "--warehouse", root, "--out", report.toString(), "--as-of", demoRun);
    asOf.ok();
    String html = Files.readString(report.resolve("index.html"));
    assertThat(html).contains(demoRun);
    Run unknown =
        run(
            "report",
            "--warehouse",
            root,
            "--out",
            report.toString(),
            "--as-of",
            "19990101T000000Z-000000");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--as-of 19990101T000000Z-000000: no such run");

    // The same demo through Iceberg's JDBC catalog (an SQLite file): the same tables.
    String catalog = "jdbc_" + Long.toHexString(System.nanoTime());
    String prefix = "spark.sql.catalog." + catalog;
    spark.conf().set(prefix + ".type", "jdbc");
    spark.conf().set(prefix + ".uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    spark.conf().set(prefix + ".warehouse", dir.resolve("jdbc-data").toUri().toString());
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(Warehouse.CATALOG_SETTING, catalog);
    try {
      String jdbcRoot = dir.resolve("wh-jdbc").toString();
      demo(jdbcRoot);
      Warehouse jdbc = new Warehouse(jdbcRoot);
      assertThat(jdbc.qualifiedName(spark, "articles")).startsWith(catalog + ".");
      NightlyTest.assertSameTables(afterDemo, tables(jdbc));
      assertThat(Files.exists(dir.resolve("jdbc-data").resolve("news").resolve("articles")))
          .as("data files under the JDBC catalog's warehouse")
          .isTrue();
    } finally {
      spark.conf().unset(Warehouse.CATALOG_SETTING);
    }
  }

  @Test
  void aColumnANewerVersionAddsUpgradesAnExistingTableWithoutRewritingIt() throws IOException {
    String root = dir.resolve("wh").toString();
    Warehouse wh = new Warehouse(root);
    run("ingest", "--warehouse", root, "--input", jsonl("a", "2024-05-16"), "--format", "jsonl")
        .ok();
    // Make it a warehouse of the version before record_position existed.
    String articles = wh.qualifiedName(spark, "articles");
    spark.sql("ALTER TABLE " + articles + " DROP COLUMN " + Cols.RECORD_POSITION);
    Set<String> before = new HashSet<>(dataFiles(wh.icebergTable(spark, articles)));

    run("ingest", "--warehouse", root, "--input", jsonl("b", "2024-05-17"), "--format", "jsonl")
        .ok();
    org.apache.iceberg.Table ice = wh.icebergTable(spark, articles);
    assertThat(ice.schema().findField(Cols.RECORD_POSITION)).as("column added back").isNotNull();
    assertThat(dataFiles(ice)).as("older data files kept as they are").containsAll(before);
    Dataset<Row> rows = wh.read(spark, Table.ARTICLES);
    assertThat(
            rows.filter(functions.col(Cols.DATE).equalTo(java.sql.Date.valueOf("2024-05-16")))
                .filter(functions.col(Cols.RECORD_POSITION).isNull())
                .count())
        .as("rows written before the column read it as null")
        .isEqualTo(2);
    assertThat(
            rows.filter(functions.col(Cols.DATE).equalTo(java.sql.Date.valueOf("2024-05-17")))
                .filter(functions.col(Cols.RECORD_POSITION).isNotNull())
                .count())
        .isEqualTo(2);
  }

  @Test
  void aSecondWriterFailsFastAndADeadWritersLockIsTakenOver() throws IOException {
    String root = dir.resolve("wh").toString();
    String input = jsonl("a", "2024-05-16");
    Warehouse wh = new Warehouse(root);
    try (WriterLock held =
        WriterLock.acquire(
            wh, spark.sparkContext().hadoopConfiguration(), "20240516T000000Z-aaaaaa", "nightly")) {
      Run second =
          run(
              "nightly",
              "--warehouse",
              root,
              "--date",
              "2024-05-16",
              "--input",
              input,
              "--format",
              "jsonl");
      assertThat(second.code()).isEqualTo(3);
      assertThat(second.err())
          .contains("is being written by run 20240516T000000Z-aaaaaa (nightly on host")
          .contains("two runs must not write one warehouse at once");
      assertThat(wh.exists(spark, Table.ARTICLES)).as("the refused run wrote nothing").isFalse();
    }

    // A lock left by a process of this host that is gone (kill -9) is taken over at once.
    Path lock = Path.of(java.net.URI.create(wh.location("_lock/writer")));
    Files.createDirectories(lock.getParent());
    Files.writeString(
        lock,
        "run_id=20240516T000000Z-dead00\ncommand=nightly\nhost="
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\npid="
            + deadPid()
            + "\nheartbeat="
            + Instant.now()
            + "\n");
    try (LogLines warnings = LogLines.warnings()) {
      run("ingest", "--warehouse", root, "--input", input, "--format", "jsonl").ok();
      assertThat(warnings.lines())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("taking over the writer lock of run 20240516T000000Z-dead00")
                      .contains("is gone"));
    }
    assertThat(lock).as("released at the end of the run").doesNotExist();

    // Another host's lock counts until its heartbeat is older than the stale age.
    Files.writeString(
        lock,
        "run_id=x\ncommand=nightly\nhost=elsewhere\npid=1\nheartbeat=" + Instant.now() + "\n");
    assertThat(run("features", "--warehouse", root).code()).isEqualTo(3);
    Files.writeString(
        lock,
        "run_id=x\ncommand=nightly\nhost=elsewhere\npid=1\nheartbeat="
            + Instant.now().minusSeconds(3600)
            + "\n");
    run("features", "--warehouse", root).ok();
  }

  private static long deadPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return p.pid();
  }

  private Row runRow(Warehouse wh, String runId) {
    return wh.readIfExists(spark, RunLog.TABLE)
        .orElseThrow()
        .filter(functions.col("run_id").equalTo(runId))
        .first();
  }

  private static long snapshotId(org.apache.iceberg.Table ice) {
    return ice.currentSnapshot().snapshotId();
  }

  private static List<String> dataFiles(org.apache.iceberg.Table ice) throws IOException {
    List<String> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = ice.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile f = task.file();
        out.add(f.location());
      }
    }
    return out;
  }

  /** A folder with one JSON lines file of two articles of two outlets published on {@code day}. */
  private String jsonl(String name, String day) throws IOException {
    Path folder = dir.resolve("in-" + name);
    Files.createDirectories(folder);
    StringBuilder sb = new StringBuilder();
    for (String outlet : List.of("north.example", "south.example")) {
      sb.append(
          String.format(
              "{\"id\":\"%s-%s\",\"outlet\":\"%s\",\"title\":\"Grain exports resume\","
                  + "\"text\":\"Ships carrying grain left the port of %s on %s as talks on the"
                  + " corridor went on, officials said.\",\"date\":\"%s\"}%n",
              name, outlet, outlet, outlet, day, day));
    }
    Files.writeString(folder.resolve(name + ".jsonl"), sb.toString());
    return folder.toString();
  }
}
