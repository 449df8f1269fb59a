package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.testing.S3ProxyServer;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.StandaloneCluster;
import io.newsdrift.testing.TestSpark;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * S3 secrets never leave the process that uses them. The packaged job runs as its own driver JVM
 * against a real S3 server (S3Proxy) that accepts only a freshly made key pair: once with the keys
 * given as Hadoop settings on the command line ({@code --conf spark.hadoop.fs.s3a.secret.key=...},
 * with a session token and an encryption key beside them), once with the keys only in the
 * environment, and once more with the server stopped, so that the run fails and prints its error.
 * Spark and newsdrift log at INFO into stderr and a log file, and Spark writes its event log (which
 * lists every setting). None of the secrets may then appear in stdout, stderr, any file the runs
 * wrote (logs, event logs, the spooled manifest of the failed run), the {@code runs} table or any
 * other object of the warehouse, read both as raw bytes and row by row.
 */
class SecretsIT {
  private static final String BUCKET = "newsdrift-secrets";
  private final SparkSession spark = TestSpark.session();

  // Distinctive strings, new on every run, so that a hit can only come from this test's settings.
  private final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String accessKey = "NDACCESS" + tag.toUpperCase(java.util.Locale.ROOT);
  private final String secretKey = "nd-secret-" + tag + "-do-not-print";
  private final String sessionToken = "nd-session-token-" + tag;
  private final String encryptionKey = "nd-encryption-key-" + tag;

  private Path dir;

  /** One run of the job: its exit code and what it printed. */
  private record Run(int exitCode, String stdout, String stderr) {}

  @Test
  void theKeysAppearInNoOutputLogTableOrFileEvenWhenTheServerIsDown() throws Exception {
    dir =
        Files.createDirectories(
                Path.of("target", "it-work", "secrets-" + System.currentTimeMillis()))
            .toAbsolutePath();
    // The job's working folder: its temporary files, Spark's local dirs, logs and the spool.
    // S3Proxy's own folder (whose properties hold the keys by necessity) is apart.
    Path work = Files.createDirectories(dir.resolve("job"));
    Files.createDirectories(work.resolve("tmp"));
    Files.createDirectories(work.resolve("events"));
    Files.writeString(
        work.resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stderr.ref = console",
            "rootLogger.appenderRef.file.ref = file",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = " + work.resolve("logs").resolve("job.log"),
            "appender.file.append = true",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d %p %c: %m%n",
            ""));

    Path data = Files.createDirectories(dir.resolve("s3-data"));
    Files.createDirectories(data.resolve(BUCKET));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    S3ProxyServer s3 =
        S3ProxyServer.start(
            Files.createDirectories(dir.resolve("s3proxy")), port, data, accessKey, secretKey);
    List<String> outputs = new ArrayList<>();
    try {
      // A tiny input: the first 200 fwd-news headlines and a broken line (for rejects).
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      s3.configure(conf, BUCKET);
      FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf);
      Path input = dir.resolve("headlines.jsonl");
      try (Stream<String> lines = Files.lines(SharedData.resolve("fwd-news/headlines.jsonl"))) {
        List<String> records = new ArrayList<>(lines.limit(200).toList());
        records.add("{\"title\": \"cut short");
        Files.write(input, records);
      }
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(input.toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/headlines.jsonl"));

      // 1. The keys as Hadoop settings on the command line.
      Run withConf = job(work, s3, true, "ingest");
      outputs.add(withConf.stdout() + withConf.stderr());
      assertThat(withConf.exitCode()).as("stderr:\n%s", withConf.stderr()).isZero();
      assertThat(withConf.stdout()).contains("newsdrift ingest ok run_id=");

      // 2. The keys in the environment only: the features stage reads back what ingest wrote.
      Run withEnv = job(work, s3, false, "features");
      outputs.add(withEnv.stdout() + withEnv.stderr());
      assertThat(withEnv.exitCode()).as("stderr:\n%s", withEnv.stderr()).isZero();
      assertThat(withEnv.stdout()).contains("newsdrift features ok run_id=");

      // Every object of the warehouse: raw bytes (Parquet footers, markers, schemas, models) and,
      // for Parquet files, every row (their pages are compressed, so raw bytes would not show it).
      RemoteIterator<LocatedFileStatus> objects =
          fs.listFiles(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/warehouse"), true);
      int parquetFiles = 0;
      List<String> tables = new ArrayList<>();
      while (objects.hasNext()) {
        org.apache.hadoop.fs.Path p = objects.next().getPath();
        try (var in = fs.open(p)) {
          outputs.add(p + "\n" + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        if (p.getName().endsWith(".parquet")) {
          parquetFiles++;
          // Iceberg tables live at warehouse/news/<table>/data/...; models hold Parquet too.
          String[] parts = p.toUri().getPath().split("/");
          String table = "news".equals(parts[2]) ? parts[3] : parts[2];
          if (!tables.contains(table)) {
            tables.add(table);
          }
          spark
              .read()
              .parquet(p.toString())
              .toJSON()
              .collectAsList()
              .forEach(row -> outputs.add(p + " " + row));
        }
      }
      assertThat(tables).contains("runs", "articles", "rejects", "duplicates", "term_stats");
      assertThat(parquetFiles).isGreaterThan(5);
      fs.close();

      // 3. The server is down: the run fails and prints its error (the keys on the command line).
      s3.kill();
      Run down = job(work, s3, true, "ingest");
      outputs.add(down.stdout() + down.stderr());
      assertThat(down.exitCode()).as("stderr:\n%s", down.stderr()).isOne();
      assertThat(down.stderr())
          .contains("newsdrift ingest failed run_id=")
          .contains("cannot reach object storage at " + s3.endpoint());

      // Every file the runs left in their working folder: logs, event logs, the spooled manifest.
      List<Path> files;
      try (Stream<Path> walk = Files.walk(work)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      assertThat(files)
          .as("the log file, an event log per run, the failed run's manifest")
          .anyMatch(f -> f.endsWith(Path.of("logs", "job.log")))
          .anyMatch(f -> f.getParent().endsWith("spool"))
          .filteredOn(f -> f.getParent().endsWith("events"))
          .hasSize(3);
      for (Path f : files) {
        outputs.add(f + "\n" + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
      for (String out : outputs) {
        for (String secret : List.of(secretKey, accessKey, sessionToken, encryptionKey)) {
          int at = out.indexOf(secret);
          assertThat(at)
              .as(
                  "a secret leaked: %s",
                  at < 0
                      ? ""
                      : out.substring(Math.max(0, at - 300), Math.min(out.length(), at + 100)))
              .isNegative();
        }
      }
      // Not vacuous: Spark did list those settings, with their values redacted.
      String eventLogs =
          String.join(
              "\n",
              outputs.stream().filter(o -> o.contains("SparkListenerEnvironmentUpdate")).toList());
      for (String listed :
          List.of(
              "\"spark.hadoop.fs.s3a.secret.key\":\"*********(redacted)\"",
              "\"spark.hadoop.fs.s3a.encryption.key\":\"*********(redacted)\"",
              "\"fs.s3a.encryption.key\":\"*********(redacted)\"")) {
        assertThat(eventLogs.contains(listed)).as("the event logs hold %s", listed).isTrue();
      }
    } finally {
      s3.close();
    }
  }

  /**
   * Runs one command of the packaged job as its own driver JVM (as the launcher does), with the
   * keys either as {@code --conf spark.hadoop.fs.s3a.*} settings or in the environment only.
   */
  private Run job(Path work, S3ProxyServer s3, boolean keysAsSettings, String command)
      throws Exception {
    String classpath = StandaloneCluster.localDriverClasspath();
    List<String> cmd = new ArrayList<>(StandaloneCluster.localDriverCommand("1g"));
    cmd.add("-Djava.io.tmpdir=" + work.resolve("tmp"));
    cmd.add("-Dlog4j2.configurationFile=" + work.resolve("log4j2.properties"));
    cmd.addAll(List.of("-cp", classpath, "io.newsdrift.cli.Main", command));
    cmd.addAll(List.of("--warehouse", "s3a://" + BUCKET + "/warehouse"));
    cmd.addAll(List.of("--set", "features.grains=week"));
    if (command.equals("ingest")) {
      cmd.addAll(
          List.of(
              "--input",
              "s3a://" + BUCKET + "/raw/headlines.jsonl",
              "--format",
              "jsonl",
              "--map",
              "id=link,outlet=domain,url=link,date=timestamp"));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spark.hadoop.fs.s3a.endpoint", s3.endpoint());
    settings.put("spark.hadoop.fs.s3a.path.style.access", "true");
    settings.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    settings.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    settings.put("spark.hadoop.fs.s3a.change.detection.version.required", "false");
    // Fail fast when the server is gone rather than retry for minutes.
    settings.put("spark.hadoop.fs.s3a.retry.limit", "1");
    settings.put("spark.hadoop.fs.s3a.retry.interval", "100ms");
    settings.put("spark.hadoop.fs.s3a.attempts.maximum", "1");
    settings.put("spark.hadoop.fs.s3a.connection.establish.timeout", "2s");
    // Spark's own listings of every setting: the event log (plain, one file a run) and the
    // driver's log of its configuration.
    settings.put("spark.eventLog.enabled", "true");
    settings.put("spark.eventLog.dir", work.resolve("events").toUri().toString());
    settings.put("spark.eventLog.compress", "false");
    settings.put("spark.eventLog.rolling.enabled", "false");
    settings.put("spark.logConf", "true");
    if (keysAsSettings) {
      settings.put(
          "spark.hadoop.fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      settings.put("spark.hadoop.fs.s3a.access.key", accessKey);
      settings.put("spark.hadoop.fs.s3a.secret.key", secretKey);
      // Not used by the simple provider, nor without an encryption algorithm, but secrets all
      // the same: they must be kept out of every output like the keys.
      settings.put("spark.hadoop.fs.s3a.session.token", sessionToken);
      settings.put("spark.hadoop.fs.s3a.encryption.key", encryptionKey);
    } else {
      settings.put(
          "spark.hadoop.fs.s3a.aws.credentials.provider",
          "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");
    }
    settings.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));

    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    Path stdout = Files.createTempFile(dir, command + "-", ".out");
    Path stderr = Files.createTempFile(dir, command + "-", ".err");
    pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("NEWSDRIFT_RUNS_SPOOL", work.resolve("spool").toString());
    pb.environment().put("AWS_REGION", "us-east-1");
    if (!keysAsSettings) {
      pb.environment().put("AWS_ACCESS_KEY_ID", accessKey);
      pb.environment().put("AWS_SECRET_ACCESS_KEY", secretKey);
    }
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("job did not finish: " + StandaloneCluster.tail(stderr));
    }
    return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }
}
