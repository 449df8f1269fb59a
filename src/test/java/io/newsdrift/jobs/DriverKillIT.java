package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.HaltPoints;
import io.newsdrift.testing.PythonTables;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.S3ProxyServer;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.StandaloneCluster;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kill -9} of the packaged job's driver (its own local[2] JVM, as the launcher runs it) at 8
 * points of two nights on the local file system and 7 others on S3 (S3Proxy, filesystem backend; 15
 * in all): at named points where the driver halts ({@link HaltPoints}: the start of stages, just
 * before and after table commits, before the runs row), and at seeded random delays after a table's
 * {@code data/} folder receives its first new file, so that kills land inside Iceberg's commit
 * (between data files, manifests and the new metadata) or just after it.
 *
 * <p>After each kill every table, read through Spark in this JVM, is either exactly as before the
 * killed run (same snapshot, same rows) or exactly as the uninterrupted reference run left it: a
 * table committed halfway (some partitions, old and new files together, files missing) differs from
 * both. The notebooks' Python reader then reads every table too (S3Proxy's folder of objects as a
 * moved warehouse) and must see Spark's snapshot with as many rows. Runs are chained to stay cheap:
 * the run after kill k is the run killed at point k+1, and each night ends with a run that
 * completes (exit 0) and whose tables equal the reference's row for row (run ids aside). Night one
 * starts from an empty warehouse and fits the vocabulary and topic model; night two changes tables
 * that already hold data, the way a nightly does.
 *
 * <p>The random delays come from a seed printed first ({@code -Dnewsdrift.kill.seed=N} replays it);
 * where each kill landed is printed and kept in {@code outcomes.txt} beside the drivers' logs under
 * {@code target/it-work/driver-kill-*}. The reference and the two chains run at once; the whole
 * takes about 6 minutes on a quiet 2-core machine (21 driver JVMs; a whole nightly is 35 s of CPU),
 * more when other work shares it. (It had 10 + 10 points; 5 that repeated a stage and side of a
 * commit another point covers went to keep CI under 30 minutes.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverKillIT {
  private static final String NIGHT1 = "2021-11-17";
  private static final String NIGHT2 = "2021-11-18";
  private static final String BUCKET = "newsdrift-kill";
  private static final String RUNS = RunLog.TABLE;

  /** How a succeeded nightly's row of runs ends, as {@link Rows#comparable} prints it. */
  private static final String NIGHT_ROW_SUFFIX = "nightly,%s,succeeded]";

  private static final long SEED =
      Long.getLong("newsdrift.kill.seed", System.currentTimeMillis() % 1_000_000);
  private static final long RUN_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);
  private static final long CHAIN_TIMEOUT_MINUTES = 60;

  /**
   * Kills inside a commit come up to this long after the table's first new data file: from it to
   * the new metadata, these small tables' commits take 100 to 400 ms, locally as on S3Proxy, so
   * most kills land inside and some just after.
   */
  private static final int MAX_DELAY_MS = 250;

  private static final List<String> SETTINGS =
      List.of(
          "topics.k=4",
          "topics.max_iter=5",
          "topics.stability_check=false",
          "features.grains=week",
          "coverage.grains=week",
          "dedup.bands=8");

  /**
   * Where the local driver is killed, night by night, in the order a run reaches the points (each
   * run is the recovery of the kill before); S3 gets other points (see {@link #S3}). Together they
   * cover every stage, both sides of commits, and the inside of commits.
   */
  private static final Map<String, List<Kill>> LOCAL =
      nights(
          List.of(
              Kill.at("stage:ingest"),
              Kill.insideCommit("articles"),
              Kill.at("before-commit:term_stats"), // the vocabulary is frozen, term_stats not
              Kill.at("before-commit:topic_terms"), // the topic model is saved, its tables not
              Kill.insideCommit("theme_attention"),
              Kill.at("runs-row")), // every table committed, the run not recorded
          List.of(
              Kill.insideCommit("topic_prevalence"),
              Kill.at("after-commit:runs"))); // recorded as succeeded: the next run repeats it

  private static final Map<String, List<Kill>> S3 =
      nights(
          List.of(
              Kill.at("before-commit:articles"), // the table was just created, with no snapshot
              Kill.insideCommit("term_stats"),
              Kill.at("after-commit:topic_terms"), // topic_quality not committed yet
              Kill.insideCommit("doc_topics")),
          List.of(
              Kill.at("stage:features"),
              Kill.insideCommit("outlet_divergence"),
              Kill.at("before-commit:runs")));

  private final SparkSession spark = TestSpark.session();
  private final ExecutorService pool = Executors.newFixedThreadPool(3);
  private Path dir;

  /** Each night's delivery: the headlines published before its next day, not in an earlier one. */
  private final Map<String, Path> deliveries = new LinkedHashMap<>();

  private S3ProxyServer s3Server;

  /** The uninterrupted nights: night -> table -> its state (rows without run ids). */
  private final Map<String, CompletableFuture<Map<String, TableState>>> reference =
      Map.of(NIGHT1, new CompletableFuture<>(), NIGHT2, new CompletableFuture<>());

  private Future<List<String>> localChain;
  private Future<List<String>> s3Chain;

  /** Where to kill: when the driver halts at a point, or a random delay into a table's commit. */
  record Kill(String haltAt, String table) {
    static Kill at(String point) {
      return new Kill(point, null);
    }

    static Kill insideCommit(String table) {
      return new Kill(null, table);
    }

    @Override
    public String toString() {
      return haltAt != null ? "at " + haltAt : "inside the commit of " + table;
    }
  }

  /** A table as a reader saw it: its current snapshot (null: none committed) and its rows. */
  record TableState(Long snapshot, List<String> rows) {}

  /** Where a warehouse lives and how the driver reaches it. */
  record Storage(
      String name, String warehouse, Path disk, List<String> confs, Map<String, String> env) {}

  private static Map<String, List<Kill>> nights(List<Kill> first, List<Kill> second) {
    Map<String, List<Kill>> out = new LinkedHashMap<>();
    out.put(NIGHT1, first);
    out.put(NIGHT2, second);
    return out;
  }

  @BeforeAll
  void startReferenceAndChains() throws Exception {
    System.out.println(
        "DriverKillIT seed=" + SEED + " (replay with -Dnewsdrift.kill.seed=" + SEED + ")");
    // Under target/: the drivers' logs stay for whoever looks into a failure.
    dir =
        Files.createDirectories(
                Path.of("target", "it-work", "driver-kill-" + System.currentTimeMillis()))
            .toAbsolutePath();
    smallInput(dir.resolve("input"));
    Path localWarehouse = dir.resolve("local").resolve("warehouse");
    Storage local =
        new Storage("local", localWarehouse.toString(), localWarehouse, List.of(), Map.of());
    Storage s3 = startS3();
    // The reference and both chains at once: each driver JVM leaves much of the two cores idle
    // (planning, class loading, I/O waits); a chain needs the reference only after its first kill.
    pool.submit(this::referenceNights);
    localChain = pool.submit(() -> killAndRecover(local, LOCAL));
    s3Chain = pool.submit(() -> killAndRecover(s3, S3));
  }

  @AfterAll
  void stop() {
    pool.shutdownNow();
    if (s3Server != null) {
      s3Server.close();
    }
    try {
      FileSystem.closeAll();
    } catch (IOException e) {
      // the server is gone; nothing to flush
    }
  }

  @Test
  void killedDriversOnTheLocalFileSystemLeaveCommittedTablesAndTheNextRunRepairs()
      throws Exception {
    await(localChain);
  }

  @Test
  void killedDriversOnS3LeaveCommittedTablesAndTheNextRunRepairs() throws Exception {
    await(s3Chain);
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.get(CHAIN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error; // an assertion of the chain: reported as this test's failure
      }
      throw (Exception) e.getCause();
    }
  }

  private Void referenceNights() throws Exception {
    Path wh = dir.resolve("reference");
    Storage local = new Storage("reference", wh.toString(), wh, List.of(), Map.of());
    try {
      for (String night : List.of(NIGHT1, NIGHT2)) {
        complete(local, night, dir.resolve("reference-" + night + ".log"));
        Map<String, TableState> tables = read(local);
        for (Table t : List.of(Table.ARTICLES, Table.TERM_STATS, Table.TOPIC_TERMS, Table.SHIFTS)) {
          assertThat(tables.get(t.tableName()).rows()).as("reference %s", t).isNotEmpty();
        }
        if (night.equals(NIGHT2)) {
          assertThat(tables.get(Table.ARTICLES.tableName()).rows())
              .as("night two adds articles")
              .hasSizeGreaterThan(reference(NIGHT1).get(Table.ARTICLES.tableName()).rows().size());
        }
        reference.get(night).complete(tables);
      }
    } catch (Exception | Error e) {
      reference.values().forEach(f -> f.completeExceptionally(e));
      throw e;
    }
    return null;
  }

  /**
   * The fwd-news headlines of 16 to 19 November 2021 (643 of 9,886): nights of seconds. Night one's
   * file holds those published before night two's date, night two's file the rest (its date and the
   * next: a feed delivers what it has, and every article goes into its own date).
   */
  private void smallInput(Path out) throws IOException {
    long split = LocalDate.parse(NIGHT2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long end = LocalDate.parse("2021-11-20").atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    Pattern timestamp = Pattern.compile("\"timestamp\":\\s*(\\d+)");
    Map<Boolean, List<String>> kept;
    try (Stream<String> lines = Files.lines(SharedData.resolve("fwd-news/headlines.jsonl"))) {
      kept =
          lines
              .map(l -> Map.entry(l, timestamp.matcher(l)))
              .filter(e -> e.getValue().find() && Long.parseLong(e.getValue().group(1)) < end)
              .collect(
                  Collectors.partitioningBy(
                      e -> Long.parseLong(e.getValue().group(1)) >= split,
                      Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    }
    assertThat(kept.get(false).size() + kept.get(true).size()).isBetween(500, 800);
    assertThat(kept.get(true)).as("night two's delivery").isNotEmpty();
    Files.createDirectories(out);
    deliveries.put(NIGHT1, Files.write(out.resolve("night1.jsonl"), kept.get(false)));
    deliveries.put(NIGHT2, Files.write(out.resolve("night2.jsonl"), kept.get(true)));
  }

  /**
   * The feed a storage's nightlies read, holding every delivery up to {@code night}: a folder per
   * chain, since the chains run their nights at different times. The copies keep one modification
   * time, so that every chain's {@code input_files} records the same versions.
   */
  private Path feed(Storage storage, String night) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("feeds").resolve(storage.name()));
    for (Map.Entry<String, Path> d : deliveries.entrySet()) {
      Path copy = folder.resolve(d.getValue().getFileName());
      if (d.getKey().compareTo(night) <= 0 && !Files.exists(copy)) {
        Files.copy(d.getValue(), copy);
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(d.getValue()));
      }
    }
    return folder;
  }

  /** S3Proxy with its filesystem backend; the driver gets the keys in its environment only. */
  private Storage startS3() throws Exception {
    Path data = Files.createDirectories(dir.resolve("s3-data"));
    Files.createDirectories(data.resolve(BUCKET)); // the bucket, for the filesystem backend
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    s3Server = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3proxy")), port, data);
    s3Server.configure(spark.sparkContext().hadoopConfiguration(), BUCKET);
    List<String> confs = new ArrayList<>();
    s3Server
        .s3aSettings(BUCKET)
        .forEach(
            (k, v) -> {
              if (!k.endsWith(".access.key")
                  && !k.endsWith(".secret.key")
                  && !k.endsWith(".aws.credentials.provider")) {
                confs.add("spark.hadoop." + k + "=" + v);
              }
            });
    confs.add(
        "spark.hadoop.fs.s3a.bucket."
            + BUCKET
            + ".aws.credentials.provider="
            + "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");
    Map<String, String> env =
        Map.of(
            "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
            "AWS_REGION", "us-east-1");
    return new Storage(
        "s3",
        "s3a://" + BUCKET + "/warehouse",
        data.resolve(BUCKET).resolve("warehouse"),
        confs,
        env);
  }

  private List<String> killAndRecover(Storage storage, Map<String, List<Kill>> plan)
      throws Exception {
    long started = System.nanoTime();
    Random random = new Random(SEED ^ storage.name().hashCode());
    Path logs = Files.createDirectories(dir.resolve(storage.name()));
    List<String> outcomes = new ArrayList<>();
    Map<String, TableState> current = read(storage);
    int runs = 0;
    int kills = 0;
    int insideCommits = 0;
    for (Map.Entry<String, List<Kill>> night : plan.entrySet()) {
      // Checks wait for the reference (computed meanwhile), the next run does not: the state
      // before it is read first.
      List<Check> pending = new ArrayList<>();
      for (Kill kill : night.getValue()) {
        kills++;
        Path log = logs.resolve(String.format("%02d-%s-killed.log", ++runs, night.getKey()));
        long t0 = System.nanoTime();
        Killed killed = killRun(storage, night.getKey(), kill, log, random);
        Map<String, TableState> before = current;
        long t1 = System.nanoTime();
        Map<String, TableState> after = read(storage);
        // Now, before the next run changes the warehouse; the notebooks' reader reads S3Proxy's
        // folder of objects as a moved warehouse.
        assertPythonReaderSees(
            storage, after, storage.name() + " kill " + kills + " (" + kill + ")");
        current = after;
        boolean committed =
            kill.table() != null
                && !Objects.equals(
                    before.get(kill.table()).snapshot(), after.get(kill.table()).snapshot());
        insideCommits += kill.table() != null && !committed ? 1 : 0;
        String outcome =
            String.format(
                "%s kill %d, night %s, %s: %s; tables the killed run committed: %s (run %.1f s,"
                    + " reading every table %.1f s)",
                storage.name(),
                kills,
                night.getKey(),
                kill,
                killed.describe(committed),
                changed(before, after),
                (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);
        System.out.println(outcome);
        outcomes.add(outcome);
        pending.add(
            () ->
                assertCommittedOrUntouched(
                    kill, before, after, reference(night.getKey()), night.getKey(), log));
        if (reference.get(night.getKey()).isDone()) {
          runChecks(pending);
        }
      }
      runChecks(pending);
      Path log = logs.resolve(String.format("%02d-%s-completes.log", ++runs, night.getKey()));
      Map<String, TableState> before = current;
      complete(storage, night.getKey(), log);
      current = read(storage);
      Map<String, TableState> expected = reference(night.getKey());
      for (Table t : Table.values()) {
        // pending_dates is emptied by a commit of its own: a killed run that filled it leaves a
        // snapshot (of no rows, compared below) where the reference never wrote it.
        if (t != Table.PENDING_DATES) {
          assertThat(current.get(t.tableName()).snapshot() != null)
              .as("%s has a snapshot after the completed run, as in the reference", t)
              .isEqualTo(expected.get(t.tableName()).snapshot() != null);
        }
        Rows.assertSameRows(
            expected.get(t.tableName()).rows(),
            current.get(t.tableName()).rows(),
            t.tableName() + " after the run that completed night " + night.getKey());
      }
      assertOneMoreSucceededRun(before, current, night.getKey());
      outcomes.add(
          storage.name() + " night " + night.getKey() + " completed and equals the reference");
    }
    outcomes.add(
        String.format(
            "%s: %d kills (%d inside a commit, before it ended) in %.0f s, seed %d",
            storage.name(),
            plan.values().stream().mapToInt(List::size).sum(),
            insideCommits,
            (System.nanoTime() - started) / 1e9,
            SEED));
    System.out.println(outcomes.get(outcomes.size() - 1));
    Files.write(logs.resolve("outcomes.txt"), outcomes, StandardCharsets.UTF_8);
    return outcomes;
  }

  /** A check after a kill, run once the reference is there. */
  private interface Check {
    void run() throws Exception;
  }

  private static void runChecks(List<Check> pending) throws Exception {
    for (Check check : pending) {
      check.run();
    }
    pending.clear();
  }

  /** The reference's tables after {@code night}, waiting for them if need be. */
  private Map<String, TableState> reference(String night) throws Exception {
    return await(reference.get(night));
  }

  /** Where a kill landed: how, and for kills inside a commit what the table's folder had gained. */
  private record Killed(String how, long newDataFiles, long newManifestFiles) {
    String describe(boolean committed) {
      if (newDataFiles < 0) {
        return how;
      }
      return how
          + ", "
          + (committed
              ? "after the commit"
              : newManifestFiles > 0
                  ? "inside the commit, manifests written but no new metadata version"
                  : "inside the commit, data files written but no manifest")
          + " ("
          + newDataFiles
          + " new data files, "
          + newManifestFiles
          + " new manifest files)";
    }
  }

  /** Starts a nightly and kills it with SIGKILL where {@code kill} says. */
  private Killed killRun(Storage storage, String night, Kill kill, Path log, Random random)
      throws Exception {
    Path data = kill.table() == null ? null : tableFolder(storage, kill.table()).resolve("data");
    Path metadata =
        kill.table() == null ? null : tableFolder(storage, kill.table()).resolve("metadata");
    Set<Path> dataBefore = data == null ? Set.of() : files(data);
    Set<Path> metadataBefore = data == null ? Set.of() : files(metadata);
    Process driver = start(storage, night, kill.haltAt(), log);
    long deadline = System.currentTimeMillis() + RUN_TIMEOUT_MS;
    String how;
    try {
      if (kill.haltAt() != null) {
        String line = "newsdrift: halted at " + kill.haltAt();
        // Read leniently: the driver may be halfway through writing a multi-byte character.
        while (!new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(line)) {
          awaitAlive(driver, log, deadline, kill);
          Thread.sleep(50);
        }
        how = "halted there";
      } else {
        // Polled every few ms: a small table's commit ends a few hundred ms after its first file.
        while (files(data).stream().allMatch(dataBefore::contains)) {
          awaitAlive(driver, log, deadline, kill);
          Thread.sleep(3);
        }
        int delay = random.nextInt(MAX_DELAY_MS + 1);
        Thread.sleep(delay);
        how = delay + " ms after its first new data file";
      }
    } finally {
      driver.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      driver.waitFor();
    }
    assertThat(driver.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    if (data == null) {
      return new Killed(how, -1, -1);
    }
    return new Killed(
        how,
        files(data).stream().filter(f -> !dataBefore.contains(f)).count(),
        files(metadata).stream()
            .filter(f -> !metadataBefore.contains(f) && f.toString().endsWith(".avro"))
            .count());
  }

  private static void awaitAlive(Process driver, Path log, long deadline, Kill kill)
      throws IOException {
    assertThat(driver.isAlive())
        .as("the driver ended before the kill %s; log:\n%s", kill, StandaloneCluster.tail(log))
        .isTrue();
    assertThat(System.currentTimeMillis())
        .as(
            "the driver did not reach the kill %s in time; log:\n%s",
            kill, StandaloneCluster.tail(log))
        .isLessThan(deadline);
  }

  private static Path tableFolder(Storage storage, String table) {
    return storage.disk().resolve(Warehouse.NAMESPACE).resolve(table);
  }

  private static Set<Path> files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      // Without the local file system's hidden .crc files.
      return walk.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
          .collect(Collectors.toSet());
    } catch (java.io.UncheckedIOException e) {
      return Set.of(); // a folder vanished mid-walk: poll again
    }
  }

  /** Runs a nightly to its end and asserts it succeeded. */
  private void complete(Storage storage, String night, Path log) throws Exception {
    Process driver = start(storage, night, null, log);
    try {
      if (!driver.waitFor(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "nightly " + night + " did not finish: " + StandaloneCluster.tail(log));
      }
    } finally {
      driver.destroyForcibly(); // a no-op once it ended; no driver outlives an interrupted test
    }
    assertThat(driver.exitValue()).as("exit code; log:\n%s", StandaloneCluster.tail(log)).isZero();
    assertThat(Files.readString(log)).contains("newsdrift nightly ok run_id=");
  }

  private Process start(Storage storage, String night, String haltAt, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(StandaloneCluster.localDriverCommand("1g"));
    // The launcher's collector; and C1 only: a short driver JVM spends more CPU in the C2
    // compiler than in the job at this size (with both, a nightly here takes 30 s of CPU, not 70).
    // (C1 alone would get a 48 MB code cache, which Spark's generated classes overflow.)
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:ReservedCodeCacheSize=240m");
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("jobs", "log4j2.properties").toAbsolutePath());
    cmd.addAll(List.of("-cp", StandaloneCluster.localDriverClasspath(), "io.newsdrift.cli.Main"));
    cmd.addAll(
        List.of(
            "nightly",
            "--date",
            night,
            "--warehouse",
            storage.warehouse(),
            "--input",
            feed(storage, night).toString(),
            "--format",
            "jsonl",
            "--map",
            "id=link,outlet=domain,url=link,date=timestamp"));
    for (String key : SETTINGS) {
      cmd.addAll(List.of("--set", key));
    }
    cmd.addAll(List.of("--conf", "spark.sql.shuffle.partitions=4"));
    for (String conf : storage.confs()) {
      cmd.addAll(List.of("--conf", conf));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("NEWSDRIFT_RUNS_SPOOL", dir.resolve("spool").toString());
    pb.environment().remove(HaltPoints.VARIABLE);
    if (haltAt != null) {
      pb.environment().put(HaltPoints.VARIABLE, haltAt);
    }
    pb.environment().putAll(storage.env());
    return pb.start();
  }

  /** Every table and runs as Spark reads them now: snapshot ids and rows (without run ids). */
  private Map<String, TableState> read(Storage storage) {
    Warehouse wh = new Warehouse(storage.warehouse());
    Map<String, TableState> out = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      String[] columns =
          t.columns().stream().filter(c -> !c.equals(Cols.RUN_ID)).toArray(String[]::new);
      out.put(
          t.tableName(),
          wh.exists(spark, t)
              ? state(wh, t.tableName(), wh.read(spark, t), columns)
              : new TableState(null, List.of()));
    }
    out.put(
        RUNS,
        wh.readIfExists(spark, RUNS)
            .map(df -> state(wh, RUNS, df, "run_id", "command", "logical_date", "status"))
            .orElse(new TableState(null, List.of())));
    return out;
  }

  private TableState state(Warehouse wh, String name, Dataset<Row> df, String... columns) {
    org.apache.iceberg.Snapshot s =
        wh.icebergTable(spark, wh.qualifiedName(spark, name)).currentSnapshot();
    // Each chain reads its own copy of the feed: source URIs name the feed, not the chain.
    List<String> rows =
        Rows.comparable(df, columns).stream()
            .map(r -> r.replaceAll("/feeds/[^/]+/", "/feeds/*/"))
            .toList();
    if (s == null) {
      assertThat(rows).as("%s has no snapshot, so no rows", name).isEmpty();
    }
    return new TableState(s == null ? null : s.snapshotId(), rows);
  }

  /**
   * The notebooks' Python reader sees each table as Spark does: no table, or one with no snapshot
   * and no rows, or the same current snapshot with as many rows.
   */
  private void assertPythonReaderSees(
      Storage storage, Map<String, TableState> sparkView, String what) {
    String root = storage.disk().toString();
    PythonTables reads = new PythonTables(dir);
    for (String name : sparkView.keySet()) {
      reads.table("now/" + name, root, name, null).snapshots("snapshots/" + name, root, name);
    }
    Map<String, Map<String, Object>> python = reads.read();
    sparkView.forEach(
        (name, spark) -> {
          String error = (String) python.get("now/" + name).get("error");
          if (spark.snapshot() == null && error != null) {
            assertThat(error)
                .as("%s: Python's error for %s", what, name)
                .contains("does not exist");
            return;
          }
          assertThat(error).as("%s: Python's error for %s", what, name).isNull();
          List<List<Object>> snapshots = PythonTables.rows(python, "snapshots/" + name);
          assertThat(snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1).get(0))
              .as("%s: the snapshot of %s the Python reader reads", what, name)
              .isEqualTo(spark.snapshot() == null ? null : String.valueOf(spark.snapshot()));
          assertThat(PythonTables.rows(python, "now/" + name))
              .as("%s: rows of %s through the Python reader", what, name)
              .hasSize(spark.rows().size());
        });
  }

  private static String changed(Map<String, TableState> before, Map<String, TableState> after) {
    List<String> out =
        after.keySet().stream()
            .filter(t -> !Objects.equals(before.get(t).snapshot(), after.get(t).snapshot()))
            .toList();
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }

  /**
   * Each table is either untouched (the same snapshot, the same rows as before the killed run) or
   * committed whole (rows exactly the reference's); the runs table holds at most the killed run's
   * own row. A halt just before (after) a table's commit finds it untouched (committed).
   */
  private static void assertCommittedOrUntouched(
      Kill kill,
      Map<String, TableState> before,
      Map<String, TableState> after,
      Map<String, TableState> expected,
      String night,
      Path log) {
    for (String table : after.keySet()) {
      TableState b = before.get(table);
      TableState a = after.get(table);
      String what = table + " after the kill " + kill + " (log " + log + ")";
      if (Objects.equals(a.snapshot(), b.snapshot())) {
        Rows.assertSameRows(b.rows(), a.rows(), what + ", untouched");
      } else if (table.equals(RUNS)) {
        assertThat(a.rows()).as(what).hasSize(b.rows().size() + 1);
        assertThat(a.rows().stream().filter(r -> !b.rows().contains(r)).toList())
            .as("the killed run's own row in %s", what)
            .singleElement()
            .asString()
            .endsWith("," + NIGHT_ROW_SUFFIX.formatted(night));
      } else if (table.equals(Table.INPUT_FILES.tableName())) {
        // Its first commit marks the files being read; a kill before the last leaves the marks.
        List<String> unmarked =
            a.rows().stream().map(r -> r.replace(IngestJob.PENDING, "")).sorted().toList();
        Rows.assertSameRows(expected.get(table).rows(), unmarked, what + ", committed or marked");
      } else if (table.equals(Table.PENDING_DATES.tableName())
          && !a.rows().equals(expected.get(table).rows())) {
        // Ingest owes the later stages the dates it touched (late articles, and clusters decided
        // again, may lie on either side of the night) until they finish; the run that completes
        // the night must leave it empty as the reference does (checked after it).
        assertThat(expected.get(table).rows()).as("%s in the reference", what).isEmpty();
        assertThat(a.rows()).as("%s: the dates the killed run owes", what).isNotEmpty();
      } else {
        Rows.assertSameRows(expected.get(table).rows(), a.rows(), what + ", committed");
      }
    }
    if (kill.haltAt() != null && kill.haltAt().contains("commit:")) {
      String table = kill.haltAt().substring(kill.haltAt().indexOf(':') + 1);
      boolean committed =
          !Objects.equals(before.get(table).snapshot(), after.get(table).snapshot());
      assertThat(committed)
          .as("%s committed when killed %s", table, kill)
          .isEqualTo(kill.haltAt().startsWith("after-"));
    }
  }

  private static void assertOneMoreSucceededRun(
      Map<String, TableState> before, Map<String, TableState> after, String night) {
    List<String> runs = after.get(RUNS).rows();
    assertThat(runs)
        .as("runs after the completed night %s", night)
        .hasSize(before.get(RUNS).rows().size() + 1);
    assertThat(runs)
        .as("killed runs leave no row; every recorded run succeeded")
        .allMatch(r -> r.endsWith(",succeeded]"));
  }
}
