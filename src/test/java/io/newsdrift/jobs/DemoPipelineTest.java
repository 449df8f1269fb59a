package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Settings;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.demo.PlantedShift;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Chromium;
import io.newsdrift.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
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

  @Test
  void theReportDrawsEveryChart(@TempDir Path out) throws Exception {
    Path html = Path.of(java.net.URI.create(new ReportJob(ctx, out.toUri().toString()).run(spark)));
    String page = Files.readString(html);
    // stage seconds, one line chart per theme, the prevalence heatmap, syndication bars
    assertThat(count(page, "<svg class=\"chart\"")).isEqualTo(1 + 3 + 1 + 1);
    assertThat(count(page, "<polyline class=\"series\"")).isGreaterThanOrEqualTo(3 * 6);
    assertThat(count(page, "<rect class=\"cell\""))
        .isEqualTo(7 * 20); // ALL + 6 outlets x 20 topics
    assertThat(count(page, "<rect class=\"bar\"")).isGreaterThan(5);
    assertThat(page).contains("energy").contains("north-gazette").contains("succeeded");
    assertThat(page).doesNotContain("<script").doesNotContain("<link").doesNotContain("src=");

    BufferedImage shot = ImageIO.read(Chromium.screenshot(html, 1000, 3400, out).toFile());
    // Each chart's own colours are on screen: series lines, heatmap shades, bars.
    for (int rgb : new int[] {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x4c78a8}) {
      assertThat(pixelsNear(shot, rgb)).as("pixels of colour %06x", rgb).isGreaterThan(200);
    }
    assertThat(nonWhiteShare(shot)).isBetween(0.03, 0.6);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static int pixelsNear(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        int dr = ((p >> 16) & 0xff) - ((rgb >> 16) & 0xff);
        int dg = ((p >> 8) & 0xff) - ((rgb >> 8) & 0xff);
        int db = (p & 0xff) - (rgb & 0xff);
        if (Math.abs(dr) + Math.abs(dg) + Math.abs(db) < 40) {
          n++;
        }
      }
    }
    return n;
  }

  private static double nonWhiteShare(BufferedImage img) {
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
          n++;
        }
      }
    }
    return (double) n / ((long) img.getWidth() * img.getHeight());
  }
}
