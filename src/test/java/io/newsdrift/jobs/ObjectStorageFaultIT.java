package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.io.Warehouse;
import io.newsdrift.testing.S3ProxyServer;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.StandaloneCluster;
import io.newsdrift.testing.TestSpark;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The packaged job, as the launcher runs it (its own driver JVM, local Spark), with its raw dumps
 * and its warehouse in a real S3 server (S3Proxy, filesystem backend) and the S3 keys given only in
 * the environment (the standard AWS chain). The server is killed in the middle of the second night:
 * the run fails naming the endpoint, its manifest is kept and appended to {@code runs} by the next
 * run, which completes once the server is back. The keys never appear in any output.
 */
class ObjectStorageFaultIT {
  private static final String BUCKET = "newsdrift-fault";
  private final SparkSession spark = TestSpark.session();

  private Path dir;

  @org.junit.jupiter.api.BeforeEach
  void workFolder() throws Exception {
    // Under target/: the job logs stay for whoever looks into a failure.
    dir =
        Files.createDirectories(
                Path.of("target", "it-work", "s3-fault-" + System.currentTimeMillis()))
            .toAbsolutePath();
  }

  private Process job(S3ProxyServer s3, String date, Path log) throws Exception {
    String classpath = StandaloneCluster.localDriverClasspath();
    List<String> cmd = new ArrayList<>(StandaloneCluster.localDriverCommand("1500m"));
    cmd.add("-Dlog4j2.configurationFile=" + Path.of("jobs", "log4j2.properties").toAbsolutePath());
    cmd.addAll(List.of("-cp", classpath, "io.newsdrift.cli.Main"));
    cmd.addAll(
        List.of(
            "nightly",
            "--date",
            date,
            "--warehouse",
            "s3a://" + BUCKET + "/warehouse",
            "--input",
            "s3a://" + BUCKET + "/raw/",
            "--format",
            "jsonl",
            "--map",
            "id=link,outlet=domain,url=link,date=timestamp"));
    for (String key :
        List.of(
            "topics.k=4", // the three default seeded themes and one free topic
            "topics.max_iter=5",
            "topics.stability_check=false",
            "features.grains=week",
            "coverage.grains=week",
            "dedup.bands=8")) {
      cmd.addAll(List.of("--set", key));
    }
    String b = "spark.hadoop.fs.s3a.bucket." + BUCKET + ".";
    for (String conf :
        List.of(
            b + "endpoint=" + s3.endpoint(),
            b + "path.style.access=true",
            b + "connection.ssl.enabled=false",
            b + "endpoint.region=us-east-1",
            b
                + "aws.credentials.provider="
                + "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
            b + "change.detection.version.required=false",
            // Fail fast when the server is gone rather than retry for minutes.
            "spark.hadoop.fs.s3a.retry.limit=1",
            "spark.hadoop.fs.s3a.retry.interval=100ms",
            "spark.hadoop.fs.s3a.attempts.maximum=1",
            "spark.hadoop.fs.s3a.connection.establish.timeout=2s")) {
      cmd.addAll(List.of("--conf", conf));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    pb.environment().put("AWS_REGION", "us-east-1");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("NEWSDRIFT_RUNS_SPOOL", dir.resolve("spool").toString());
    return pb.start();
  }

  /**
   * The shared headlines split by their unix timestamp: before {@code epochSecond}, and the rest.
   */
  private static Path[] splitAt(long epochSecond, Path folder) throws java.io.IOException {
    java.util.regex.Pattern timestamp = java.util.regex.Pattern.compile("\"timestamp\": (\\d+)");
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (String line : Files.readAllLines(SharedData.resolve("fwd-news/headlines.jsonl"))) {
      java.util.regex.Matcher m = timestamp.matcher(line);
      (m.find() && Long.parseLong(m.group(1)) < epochSecond ? before : after).add(line);
    }
    Files.createDirectories(folder);
    Path[] out = {folder.resolve("headlines-1.jsonl"), folder.resolve("headlines-2.jsonl")};
    Files.write(out[0], before);
    Files.write(out[1], after);
    return out;
  }

  private static int finish(Process p, Path log) throws Exception {
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("job did not finish: " + StandaloneCluster.tail(log));
    }
    return p.exitValue();
  }

  @Test
  void aStoppedServerFailsTheRunNamingItAndTheNextRunCompletes() throws Exception {
    Path data = Files.createDirectories(dir.resolve("s3-data"));
    int port;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3a")), port, data);
    List<Path> logs = new ArrayList<>();
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      s3.configure(conf, BUCKET);
      FileSystem fs = FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf);
      Files.createDirectories(data.resolve(BUCKET));
      // The feed in two deliveries: a nightly reads a file once, so night two needs a new one.
      Path[] deliveries = splitAt(1637193600L, dir.resolve("deliveries")); // 2021-11-18T00:00Z
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(deliveries[0].toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/headlines-1.jsonl"));

      // Night one: everything up to 2021-11-17, keys from the environment only.
      Path first = dir.resolve("night1.log");
      logs.add(first);
      assertThat(finish(job(s3, "2021-11-17", first), first))
          .as("log:\n%s", StandaloneCluster.tail(first))
          .isZero();

      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(deliveries[1].toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/headlines-2.jsonl"));
      // Night two: the server dies once features are being written.
      Path second = dir.resolve("night2.log");
      logs.add(second);
      Process night2 = job(s3, "2021-11-18", second);
      while (night2.isAlive() && !Files.readString(second).contains("features: term_stats ...")) {
        Thread.sleep(50);
      }
      s3.kill();
      assertThat(finish(night2, second)).as("log:\n%s", StandaloneCluster.tail(second)).isOne();
      assertThat(Files.readString(second))
          .contains("newsdrift nightly failed run_id=")
          .contains("cannot reach object storage at " + s3.endpoint() + " (bucket " + BUCKET);
      try (Stream<Path> spooled = Files.list(dir.resolve("spool"))) {
        assertThat(spooled.count()).as("the failed run's manifest waits on disk").isOne();
      }

      // The server is back (same port, same data): the next night completes.
      s3 = S3ProxyServer.start(dir.resolve("s3a"), s3.port(), data);
      Path third = dir.resolve("night2-again.log");
      logs.add(third);
      assertThat(finish(job(s3, "2021-11-18", third), third))
          .as("log:\n%s", StandaloneCluster.tail(third))
          .isZero();
      assertThat(Files.readString(third)).contains("window=2021-11-18..2021-11-18");

      FileSystem.closeAll(); // connections to the killed server are stale
      fs = FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf);
      List<Row> runs =
          new Warehouse("s3a://" + BUCKET + "/warehouse")
              .readIfExists(spark, RunLog.TABLE)
              .orElseThrow()
              .orderBy("started_at")
              .collectAsList();
      assertThat(runs)
          .extracting(r -> r.<String>getAs("status"))
          .containsExactly("succeeded", "failed", "succeeded");
      assertThat(runs.get(1).<String>getAs("message")).contains(s3.endpoint());
      assertThat(
              new Warehouse("s3a://" + BUCKET + "/warehouse")
                  .read(spark, io.newsdrift.schema.Table.ARTICLES)
                  .filter("date = DATE'2021-11-18'")
                  .count())
          .isPositive();

      // The keys never appear: not in any output, not in runs, not in any warehouse object.
      List<String> outputs = new ArrayList<>();
      for (Path log : logs) {
        outputs.add(Files.readString(log));
      }
      runs.forEach(r -> outputs.add(r.toString()));
      RemoteIterator<LocatedFileStatus> objects =
          fs.listFiles(new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/warehouse"), true);
      int objectCount = 0;
      while (objects.hasNext()) {
        org.apache.hadoop.fs.Path p = objects.next().getPath();
        try (var in = fs.open(p)) {
          outputs.add(p + "\n" + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        objectCount++;
      }
      assertThat(objectCount).isGreaterThan(20);
      for (String out : outputs) {
        assertThat(out).doesNotContain(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
      }
    } finally {
      s3.close();
      FileSystem.closeAll();
    }
  }
}
