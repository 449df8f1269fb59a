package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Settings;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.demo.PlantedShift;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.TestSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a user runs it (default size): every table, and the planted events found. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPipelineTest {
  private RunContext ctx;
  private DemoJob.Outcome outcome;
  private SparkSession spark;

  @BeforeAll
  void runTheDemo(@TempDir Path dir) {
    spark = TestSpark.session();
    ctx = RunContext.start(dir.resolve("warehouse").toString(), Settings.defaults(), null, "demo");
    RunLog log = new RunLog(ctx);
    outcome = new DemoJob(ctx, DemoCorpusSpec.defaults(), dir.resolve("corpus")).run(spark, log);
    log.finish(spark, true, null);
  }

  @Test
  void everyTableExistsWithItsColumnsAndRows() {
    for (Table t : Table.values()) {
      Dataset<Row> df = ctx.warehouse().read(spark, t);
      assertThat(Arrays.asList(df.columns()))
          .as("columns of %s", t.tableName())
          .containsExactlyInAnyOrderElementsOf(t.columns());
      if (t != Table.REJECTS) {
        assertThat(df.count()).as("rows in %s", t.tableName()).isPositive();
      }
    }
    Row run = ctx.warehouse().readIfExists(spark, RunLog.TABLE).orElseThrow().first();
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(run.<Long>getAs("records_in")).isEqualTo(6000L);
  }

  @Test
  void accountingAndSyndication() {
    RunLog.Accounting a = outcome.pipeline().accounting();
    assertThat(a.records()).isEqualTo(6000);
    assertThat(a.rejected()).isZero();
    // Each planted republication is a near duplicate kept at its own outlet, never canonical.
    assertThat(a.nearDuplicates()).isEqualTo(outcome.corpus().syndications().size());
    assertThat(a.accepted()).isEqualTo(6000 - a.nearDuplicates());
  }

  @Test
  void theWeeklyShiftsIncludeEveryPlantedOne() {
    Dataset<Row> weekly =
        ctx.warehouse()
            .read(spark, Table.SHIFTS)
            .filter(col(Cols.GRAIN).equalTo("week").and(col(Cols.SUBJECT_TYPE).equalTo("theme")));
    List<PlantedShift> planted = outcome.corpus().shifts();
    assertThat(planted).hasSize(9);
    int flagged = 0;
    for (PlantedShift s : planted) {
      Row r =
          weekly
              .filter(
                  col(Cols.OUTLET).equalTo(s.outlet()).and(col(Cols.SUBJECT).equalTo(s.theme())))
              .filter(col(Cols.PERIOD_START).cast("string").equalTo(s.from().toString()))
              .first();
      // Every planted jump is a clear rise against its baseline ...
      assertThat(r.<Double>getAs(Cols.DELTA)).as("delta of planted %s", s).isGreaterThan(0.1);
      assertThat(r.<Double>getAs(Cols.Z_SCORE)).as("z of planted %s", s).isGreaterThan(2.5);
      assertThat(r.getList(r.fieldIndex(Cols.TERMS))).as("new terms of planted %s", s).isNotEmpty();
      flagged += "rise".equals(r.getAs(Cols.FLAG)) ? 1 : 0;
    }
    // ... but an outlet's week holds ~85 articles, so z >= 3 is not reached by every one of them.
    assertThat(flagged)
        .as("planted shifts flagged at the default z threshold")
        .isGreaterThanOrEqualTo(6);
    Row ukraine =
        weekly
            .filter(
                col(Cols.OUTLET)
                    .equalTo(Cols.ALL_OUTLETS)
                    .and(col(Cols.SUBJECT).equalTo("ukraine")))
            .filter(col(Cols.PERIOD_START).cast("string").equalTo("2024-03-04"))
            .first();
    assertThat(ukraine.<String>getAs(Cols.FLAG)).isEqualTo("rise");
    assertThat(ukraine.getList(ukraine.fieldIndex(Cols.TERMS))).contains("kyiv");
  }

  @Test
  void topicQualityIsRecorded() {
    Row model =
        ctx.warehouse()
            .read(spark, Table.TOPIC_QUALITY)
            .filter(col(Cols.TOPIC_ID).equalTo(Cols.MODEL_LEVEL))
            .first();
    assertThat(model.<Double>getAs(Cols.NPMI)).isBetween(-1.0, 1.0);
    assertThat(model.<Double>getAs(Cols.STABILITY)).isBetween(0.0, 1.0);
    assertThat(model.<Double>getAs(Cols.TOPIC_DIVERSITY)).isBetween(0.0, 1.0);
    assertThat(model.<Double>getAs(Cols.LOG_PERPLEXITY)).isPositive();
  }
}
