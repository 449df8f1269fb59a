package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.io.InputMissingException;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.S3ProxyServer;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingest from and to object storage through {@code s3a://} against a real S3 server (S3Proxy in its
 * own JVM): raw dumps are uploaded to a bucket, ingested, and the whole pipeline runs with its
 * warehouse in the bucket. The S3A settings are the ones DESIGN.md documents, given as Hadoop
 * configuration for this bucket only; the credentials exist only in this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectStorageTest {
  private static final String BUCKET = "newsdrift-raw";

  private S3ProxyServer server;
  private SparkSession spark;

  @BeforeAll
  void startS3AndUpload(@TempDir Path dir) throws Exception {
    server = S3ProxyServer.start(dir);
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(server.endpoint()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
            .build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
    spark = TestSpark.session();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    server.configure(conf, BUCKET);
    FileSystem s3a = FileSystem.get(URI.create("s3a://" + BUCKET + "/"), conf);
    Path data = SharedData.root();
    for (String dump : List.of("recovery/reliable", "seeds")) {
      s3a.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(data.resolve(dump).toUri()),
          new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/raw/" + dump));
    }
  }

  @AfterAll
  void stopS3() throws Exception {
    if (spark != null) {
      FileSystem.get(
              URI.create("s3a://" + BUCKET + "/"), spark.sparkContext().hadoopConfiguration())
          .close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static SourceSpec recovery() {
    return new SourceSpec(
        "s3a://" + BUCKET + "/raw/recovery/reliable/",
        InputFormat.CSV,
        SharedData.recoveryMapping());
  }

  @Test
  void ingestsFromTheBucketIntoTheBucketAndRunsThePipeline() {
    List<SourceSpec> sources =
        List.of(
            recovery(),
            new SourceSpec(
                "s3a://" + BUCKET + "/raw/seeds/", InputFormat.TEXT, Mapping.defaults()));
    Settings settings =
        Settings.fromMaps(
            Map.of(),
            Map.of("topics.k", "4", "topics.max_iter", "10", "topics.stability_check", "false"),
            "test");
    RunContext ctx =
        RunContext.start(
            "s3a://" + BUCKET + "/warehouse", settings, LocalDate.parse("2024-06-01"), "nightly");
    RunLog log = new RunLog(ctx);
    RunLog.Accounting accounting = new Pipeline(ctx, sources, true).run(spark, log).accounting();
    log.finish(spark, true, null);

    // recovery/reliable's 1,364 CSV rows and the two seed files
    assertThat(accounting.records()).isEqualTo(1364 + 2);
    Dataset<Row> articles = ctx.warehouse().read(spark, Table.ARTICLES);
    assertThat(ctx.warehouse().path(Table.ARTICLES)).startsWith("s3a://" + BUCKET + "/warehouse");
    assertThat(articles.count()).isEqualTo(accounting.accepted() + accounting.nearDuplicates());
    assertThat(
            articles.filter(col(Cols.SOURCE_URI).startsWith("s3a://" + BUCKET + "/raw/")).count())
        .isEqualTo(articles.count());
    assertThat(
            Rows.countsBy(articles.filter(col(Cols.SOURCE_URI).contains("/seeds/")), Cols.OUTLET))
        .containsEntry("Reuters", 1L);
    for (Table t : List.of(Table.DOC_TOPICS, Table.THEME_ATTENTION, Table.TERM_STATS)) {
      assertThat(ctx.warehouse().read(spark, t).count())
          .as("rows of %s in the bucket", t)
          .isPositive();
    }
    Row run = ctx.warehouse().readIfExists(spark, RunLog.TABLE).orElseThrow().first();
    assertThat(run.<Long>getAs("records_in")).isEqualTo(1366L);
    assertThat(run.toString()).doesNotContain(S3ProxyServer.SECRET_KEY, S3ProxyServer.ACCESS_KEY);

    // Re-running ingest replaces its partitions in the bucket exactly (classic file committer).
    String[] columns =
        Table.ARTICLES.columns().stream()
            .filter(c -> !c.equals(Cols.RUN_ID))
            .toArray(String[]::new);
    Dataset<Row> before = articles.localCheckpoint();
    RunContext again =
        RunContext.start(
            "s3a://" + BUCKET + "/warehouse", settings, LocalDate.parse("2024-06-01"), "ingest");
    assertThat(new IngestJob(again, sources).run(spark, new RunLog(again))).isEqualTo(accounting);
    Rows.assertSameRows(before, again.warehouse().read(spark, Table.ARTICLES), columns);
  }

  @Test
  void aMissingBucketPathFailsWithItsName() {
    RunContext ctx =
        RunContext.start("s3a://" + BUCKET + "/wh-missing", Settings.defaults(), null, "ingest");
    SourceSpec missing =
        new SourceSpec(
            "s3a://" + BUCKET + "/raw/nothing-here/", InputFormat.CSV, Mapping.defaults());
    assertThatThrownBy(() -> new IngestJob(ctx, List.of(missing)).run(spark, new RunLog(ctx)))
        .isInstanceOf(InputMissingException.class)
        .hasMessageContaining("s3a://" + BUCKET + "/raw/nothing-here");
  }
}
