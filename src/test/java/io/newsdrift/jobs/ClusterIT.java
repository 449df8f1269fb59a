package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.StandaloneCluster;
import io.newsdrift.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The job jar under {@code spark-submit} on a real standalone cluster (a Master and two Workers,
 * separate JVMs on 127.0.0.1), running {@code nightly} on the real {@code fwd-news} headlines: in
 * client mode; with the driver SIGKILLed in the middle of writing (every table reads whole, as the
 * uninterrupted run left it or not at all); and in cluster mode with an executor JVM killed during
 * the run, which ends with the same tables, row for row, as the uninterrupted client-mode run but
 * for the topic model's float weights (see {@link #assertSameExceptTopicWeights}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
  private static final String DATE = "2021-11-18";

  private Path dir;
  private StandaloneCluster cluster;
  private final SparkSession spark = TestSpark.session();
  private Map<Table, Dataset<Row>> reference;

  @BeforeAll
  void startCluster() throws Exception {
    // Under target/ rather than a temporary folder: the daemons' and drivers' logs stay for
    // whoever looks into a failure.
    dir =
        Files.createDirectories(
                Path.of("target", "it-work", "cluster-" + System.currentTimeMillis()))
            .toAbsolutePath(); // the cluster-mode driver runs in a Worker's folder
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 2, "2500m");
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<String> submitOptions(String deployMode) {
    List<String> options = new ArrayList<>(common(deployMode));
    if (deployMode.equals("cluster")) {
      // The Worker starts this driver: it needs Spark's --add-opens list like any Spark JVM.
      options.addAll(
          List.of(
              "--conf",
              "spark.driver.extraJavaOptions="
                  + System.getProperty("newsdrift.module.options", "")
                  + " "
                  + String.join(" ", StandaloneCluster.itJvmOptions())));
    }
    return options;
  }

  private static List<String> common(String deployMode) {
    return List.of(
        "--deploy-mode",
        deployMode,
        "--driver-memory",
        "1g",
        "--executor-memory",
        "768m",
        "--conf",
        "spark.executor.cores=1",
        "--conf",
        "spark.cores.max=2",
        "--conf",
        "spark.driver.host=127.0.0.1",
        "--conf",
        "spark.ui.enabled=false",
        "--driver-java-options",
        "-Dlog4j2.configurationFile="
            + Path.of("jobs", "log4j2.properties").toAbsolutePath()
            + " "
            + String.join(" ", StandaloneCluster.itJvmOptions()),
        "--conf",
        "spark.executor.extraJavaOptions=" + String.join(" ", StandaloneCluster.itJvmOptions()),
        "--conf",
        "spark.sql.shuffle.partitions=4",
        "--conf",
        "spark.standalone.submit.waitAppCompletion=true");
  }

  private static List<String> nightly(Path warehouse) {
    return List.of(
        "nightly",
        "--date",
        DATE,
        "--warehouse",
        warehouse.toString(),
        "--input",
        SharedData.resolve("fwd-news/headlines.jsonl").toString(),
        "--format",
        "jsonl",
        "--map",
        "id=link,outlet=domain,url=link,date=timestamp",
        "--set",
        "topics.k=4",
        "--set",
        "topics.max_iter=8",
        "--set",
        "topics.stability_check=false",
        "--set",
        "features.grains=week",
        "--set",
        "coverage.grains=week",
        "--set",
        "dedup.bands=8");
  }

  private Map<Table, Dataset<Row>> tables(Path warehouse) {
    return NightlyTest.snapshot(spark, warehouse.toString());
  }

  private List<Row> runs(Path warehouse) {
    return new Warehouse(warehouse.toString())
        .readIfExists(spark, RunLog.TABLE)
        .orElseThrow()
        .orderBy("started_at")
        .collectAsList();
  }

  @Test
  @Order(1)
  void clientModeRunsNightlyOnTheCluster() throws Exception {
    Path warehouse = dir.resolve("wh-client");
    Path log = dir.resolve("client.log");
    int exit =
        cluster.submitAndWait(
            submitOptions("client"), nightly(warehouse), log, Map.of(), RUN_TIMEOUT);
    assertThat(exit).as("exit code; log:\n%s", StandaloneCluster.tail(log)).isZero();
    assertThat(Files.readString(log))
        .containsPattern("newsdrift nightly ok run_id=\\S+ window=\\.\\.2021-11-18 records=\\d+");

    reference = tables(warehouse);
    assertThat(reference.keySet()).containsAll(List.of(Table.values()));
    Dataset<Row> articles = reference.get(Table.ARTICLES);
    assertThat(articles.count()).isGreaterThan(100);
    // A first night ingests its new file whole, so the night's date is among the dates.
    assertThat(
            articles.filter(functions.col(Cols.DATE).equalTo(java.sql.Date.valueOf(DATE))).count())
        .isPositive();
    assertThat(reference.get(Table.DOC_TOPICS).count()).isPositive();
    assertThat(reference.get(Table.THEME_ATTENTION).count()).isPositive();
    Row run = runs(warehouse).get(0);
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(run.<Long>getAs("accepted")).isEqualTo(articles.filter(Cols.IS_CANONICAL).count());
  }

  @Test
  @Order(2)
  void aDriverKilledWhileItsExecutorsWriteLeavesOnlyWholeTables() throws Exception {
    assertThat(reference).as("needs the client-mode run").isNotNull();
    Path warehouse = dir.resolve("wh-killed");
    Path log = dir.resolve("killed.log");
    Process driver = cluster.submit(submitOptions("client"), nightly(warehouse), log, Map.of());
    // Kill once ingest's tables are committed and term_stats's data files are being written.
    Path staging = warehouse.resolve(Warehouse.NAMESPACE).resolve("term_stats").resolve("data");
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (!Files.isDirectory(staging) && driver.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(driver.isAlive())
        .as("driver still running when term_stats started; log:\n%s", StandaloneCluster.tail(log))
        .isTrue();
    driver.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    driver.waitFor();
    assertThat(driver.exitValue()).isEqualTo(137);

    // A reader sees whole partitions only: each visible one equals the uninterrupted run's.
    Map<Table, Dataset<Row>> afterKill = tables(warehouse);
    for (Map.Entry<Table, Dataset<Row>> e : afterKill.entrySet()) {
      assertOnlyWholePartitions(e.getKey(), e.getValue(), reference.get(e.getKey()));
    }
    assertThat(afterKill.get(Table.ARTICLES).count())
        .as("articles were committed before the kill")
        .isEqualTo(reference.get(Table.ARTICLES).count());
    assertThat(new Warehouse(warehouse.toString()).readIfExists(spark, RunLog.TABLE)).isEmpty();
    // That the next run repairs is DriverKillIT's part (15 kills, local and S3); this test adds
    // a driver whose executors are other JVMs, which outlive it.
  }

  @Test
  @Order(3)
  void clusterModeSurvivesAKilledExecutor() throws Exception {
    assertThat(reference).as("needs the client-mode run").isNotNull();
    Path warehouse = dir.resolve("wh-cluster");
    Path log = dir.resolve("cluster-submit.log");
    Process submit = cluster.submit(submitOptions("cluster"), nightly(warehouse), log, Map.of());
    // Kill an executor once the driver (on a Worker) is writing the first table.
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    Path articles = warehouse.resolve(Warehouse.NAMESPACE).resolve("articles").resolve("metadata");
    while (!Files.exists(articles) && submit.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<ProcessHandle> executors = cluster.executors();
    assertThat(executors)
        .as("executors running; log:\n%s", StandaloneCluster.tail(log))
        .isNotEmpty();
    Instant killedAt = Instant.now();
    executors.get(0).destroyForcibly();
    assertThat(submit.waitFor(RUN_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
        .isTrue();
    // Spark's standalone client exits 0 whatever the driver did; it logs the driver's state.
    assertThat(Files.readString(log))
        .as("log:\n%s", StandaloneCluster.tail(log))
        .contains("is FINISHED");

    List<Row> runs = runs(warehouse);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).<String>getAs("status"))
        .as("message: %s", runs.get(0).<String>getAs("message"))
        .isEqualTo("succeeded");
    assertThat(Files.exists(warehouse.resolve("_scratch"))).as("checkpoints removed").isTrue();
    try (Stream<Path> scratch = Files.list(warehouse.resolve("_scratch"))) {
      assertThat(scratch).isEmpty();
    }
    assertThat(runs.get(0).<java.sql.Timestamp>getAs("finished_at").toInstant())
        .as("the executor died during the run")
        .isAfter(killedAt);
    assertThat(executorDirs())
        .as("a replacement executor was launched besides the two first ones")
        .isGreaterThanOrEqualTo(3);
    assertSameExceptTopicWeights(reference, tables(warehouse));
  }

  /**
   * Every table row for row, except the numbers of the topic model: online LDA sums its statistics
   * in whatever order the executors' tasks finish, so a cluster run that lost an executor fits the
   * same model id to a slightly different float. Topic tables are compared by their keys.
   */
  private static void assertSameExceptTopicWeights(
      Map<Table, Dataset<Row>> expected, Map<Table, Dataset<Row>> actual) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    Map<Table, String[]> topicKeys =
        Map.of(
            Table.TOPIC_TERMS, new String[] {Cols.MODEL_ID, Cols.TOPIC_ID, Cols.RANK},
            Table.TOPIC_QUALITY, new String[] {Cols.MODEL_ID, Cols.TOPIC_ID},
            Table.DOC_TOPICS, new String[] {Cols.ARTICLE_ID, Cols.DATE, Cols.MODEL_ID},
            Table.TOPIC_PREVALENCE,
                new String[] {Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.TOPIC_ID},
            Table.OUTLET_DIVERGENCE,
                new String[] {Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET_A, Cols.OUTLET_B});
    for (Table t : expected.keySet()) {
      Dataset<Row> e = expected.get(t);
      Dataset<Row> a = actual.get(t);
      String[] columns =
          t.columns().stream().filter(c -> !c.equals(Cols.RUN_ID)).toArray(String[]::new);
      if (topicKeys.containsKey(t)) {
        columns = topicKeys.get(t);
      } else if (t == Table.SHIFTS) {
        e = e.filter(functions.col(Cols.SUBJECT_TYPE).equalTo("theme"));
        a = a.filter(functions.col(Cols.SUBJECT_TYPE).equalTo("theme"));
      }
      assertThat(a.count()).as("rows of %s", t).isEqualTo(e.count());
      Rows.assertSameRows(e, a, columns);
    }
  }

  /** Executor folders the Workers made for the newest application (the cluster-mode one). */
  private long executorDirs() throws Exception {
    List<Path> apps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try (Stream<Path> list = Files.list(dir.resolve("cluster").resolve("worker-" + i))) {
        list.filter(p -> p.getFileName().toString().startsWith("app-")).forEach(apps::add);
      }
    }
    String newest =
        apps.stream().map(p -> p.getFileName().toString()).max(String::compareTo).orElseThrow();
    long count = 0;
    for (Path app : apps) {
      if (app.getFileName().toString().equals(newest)) {
        try (Stream<Path> execs = Files.list(app)) {
          count += execs.count();
        }
      }
    }
    return count;
  }

  private static void assertOnlyWholePartitions(
      Table table, Dataset<Row> visible, Dataset<Row> expected) {
    String[] columns =
        table.columns().stream().filter(c -> !c.equals(Cols.RUN_ID)).toArray(String[]::new);
    List<Row> partitions =
        visible
            .select(
                table.partitionBy().stream()
                    .map(functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new))
            .distinct()
            .collectAsList();
    for (Row p : partitions) {
      org.apache.spark.sql.Column same = functions.lit(true);
      for (int i = 0; i < p.size(); i++) {
        same = same.and(functions.col(table.partitionBy().get(i)).eqNullSafe(p.get(i)));
      }
      Rows.assertSameRows(expected.filter(same), visible.filter(same), columns);
    }
  }
}
