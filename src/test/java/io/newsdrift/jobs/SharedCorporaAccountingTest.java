package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record accounting on the two JSON-lines corpora of {@code ../shared/data} as they are (the CSV
 * and text corpora are covered by {@link RealCorporaTest}): every record read ends in exactly one
 * of accepted, rejected, exact duplicate or near duplicate.
 */
class SharedCorporaAccountingTest {
  @TempDir Path dir;

  private RunLog.Accounting ingest(RunContext ctx, SourceSpec source) {
    RunLog.Accounting a =
        new IngestJob(ctx, List.of(source)).run(TestSpark.session(), new RunLog(ctx));
    SparkSession spark = TestSpark.session();
    long rows =
        ctx.warehouse().read(spark, Table.ARTICLES).count()
            + ctx.warehouse().read(spark, Table.REJECTS).count()
            + ctx.warehouse()
                .read(spark, Table.DUPLICATES)
                .filter(org.apache.spark.sql.functions.col(Cols.KIND).equalTo("exact"))
                .count();
    assertThat(rows).as("rows written for %s", source.input()).isEqualTo(a.records());
    return a;
  }

  @Test
  void fwdNewsHeadlinesWithDomainsAndUnixTimestamps() {
    SourceSpec fwd =
        new SourceSpec(
            SharedData.resolve("fwd-news/headlines.jsonl").toString(),
            InputFormat.JSONL,
            Mapping.fromMap(
                Map.of("outlet", "domain", "url", "link", "date", "timestamp"), "test"));
    RunContext ctx =
        RunContext.start(
            dir.resolve("fwd").toString(),
            Settings.defaults(),
            LocalDate.parse("2022-08-01"),
            "ingest");
    RunLog.Accounting a = ingest(ctx, fwd);
    assertThat(a.records()).isEqualTo(9_886);
    assertThat(a.accepted()).isGreaterThan(9_000);
    assertThat(
            Rows.countsBy(ctx.warehouse().read(TestSpark.session(), Table.ARTICLES), Cols.OUTLET))
        .hasSizeGreaterThan(1_000)
        .doesNotContainKey("unknown");
  }

  @Test
  void reutersGzipJsonLinesWithEmptyBodies() {
    SourceSpec reuters =
        new SourceSpec(
            SharedData.resolve("reuters21578/reuters21578.jsonl.gz").toString(),
            InputFormat.JSONL,
            Mapping.defaults());
    RunContext ctx =
        RunContext.start(
            dir.resolve("reuters").toString(),
            Settings.defaults(),
            LocalDate.parse("2024-06-01"),
            "ingest");
    RunLog.Accounting a = ingest(ctx, reuters);
    assertThat(a.records()).isEqualTo(21_578);
    // Records with an empty body keep their headline: only those too short to be an article go.
    assertThat(a.accepted() + a.nearDuplicates()).isGreaterThan(20_000);
  }
}
