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
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
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
      if (t == Table.PENDING_DATES) {
        assertThat(df.count()).as("nothing left pending after a run").isZero();
      } else if (t != Table.REJECTS) {
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

  /**
   * Precision and recall of the weekly theme change points over the planted set. The planted shifts
   * are per outlet, so only outlet rows are scored: a flag is a true positive when it is a {@code
   * change_up} at a planted outlet, theme and start week, and every other outlet flag is a false
   * positive. {@code ALL} rows are not scored (whether a total moves depends on how many outlets
   * moved and how much); the two that every outlet's or two outlets' large shifts imply are checked
   * on their own.
   */
  @Test
  void weeklyChangePointsFindThePlantedShiftsWithPrecisionAndRecallOfAtLeast90Percent() {
    Dataset<Row> weekly =
        ctx.warehouse()
            .read(spark, Table.SHIFTS)
            .filter(col(Cols.GRAIN).equalTo("week").and(col(Cols.SUBJECT_TYPE).equalTo("theme")));
    List<PlantedShift> planted = outcome.corpus().shifts();
    assertThat(planted).hasSize(9);
    Set<String> expected = new TreeSet<>();
    for (PlantedShift s : planted) {
      expected.add(s.outlet() + " " + s.theme() + " " + s.from() + " change_up");
    }
    List<Row> flaggedRows =
        weekly
            .filter(col(Cols.FLAG).notEqual("none"))
            .filter(col(Cols.OUTLET).notEqual(Cols.ALL_OUTLETS))
            .collectAsList();
    Set<String> flagged = new TreeSet<>();
    for (Row r : flaggedRows) {
      flagged.add(
          r.getAs(Cols.OUTLET)
              + " "
              + r.getAs(Cols.SUBJECT)
              + " "
              + r.getAs(Cols.PERIOD_START)
              + " "
              + r.getAs(Cols.FLAG));
      assertThat(r.getList(r.fieldIndex(Cols.TERMS))).as("new terms of %s", r).isNotEmpty();
      assertThat(r.<Double>getAs(Cols.DELTA)).as("delta of %s", r).isGreaterThan(0.1);
    }
    Set<String> hits = new TreeSet<>(flagged);
    hits.retainAll(expected);
    double precision = flagged.isEmpty() ? 0 : (double) hits.size() / flagged.size();
    double recall = (double) hits.size() / expected.size();
    assertThat(precision)
        .as("precision; flagged %s, planted %s", flagged, expected)
        .isGreaterThanOrEqualTo(0.9);
    assertThat(recall)
        .as("recall; flagged %s, planted %s", flagged, expected)
        .isGreaterThanOrEqualTo(0.9);

    for (String[] implied : new String[][] {{"ukraine", "2024-03-04"}, {"energy", "2024-02-12"}}) {
      Row all =
          weekly
              .filter(
                  col(Cols.OUTLET)
                      .equalTo(Cols.ALL_OUTLETS)
                      .and(col(Cols.SUBJECT).equalTo(implied[0])))
              .filter(col(Cols.PERIOD_START).cast("string").equalTo(implied[1]))
              .first();
      assertThat(all.<String>getAs(Cols.FLAG))
          .as("ALL %s", List.of(implied))
          .isEqualTo("change_up");
    }
    Row ukraine =
        weekly
            .filter(
                col(Cols.OUTLET)
                    .equalTo(Cols.ALL_OUTLETS)
                    .and(col(Cols.SUBJECT).equalTo("ukraine")))
            .filter(col(Cols.PERIOD_START).cast("string").equalTo("2024-03-04"))
            .first();
    assertThat(ukraine.getList(ukraine.fieldIndex(Cols.TERMS))).contains("kyiv");
  }

  /**
   * The republished copies count as articles of the outlets that published them (raw share) and
   * once per story across outlets (dedup share): at one outlet a copy is one story either way, in
   * {@code ALL} the copies of a wire story collapse into its cluster.
   */
  @Test
  void republishedCopiesAreCountedInTheShareAndOncePerStoryInTheDedupShare() {
    Dataset<Row> weekly =
        ctx.warehouse()
            .read(spark, Table.THEME_ATTENTION)
            .filter(col(Cols.GRAIN).equalTo("week").and(col(Cols.THEME).equalTo("ukraine")));
    long copies = outcome.corpus().syndications().size();
    assertThat(copies).isPositive();
    Row all =
        weekly
            .filter(col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS))
            .agg(
                functions.sum(Cols.TOTAL_ARTICLES),
                functions.sum(Cols.TOTAL_CLUSTERS),
                functions.sum(
                    functions.abs(
                        col(Cols.SHARE)
                            .minus(col(Cols.MATCHING_ARTICLES).divide(col(Cols.TOTAL_ARTICLES))))))
            .first();
    assertThat(all.getLong(0)).as("ALL articles, copies included").isEqualTo(6000L);
    // Each copy joins its original's cluster; a copy published the week after its original
    // counts its cluster in both weeks, so fewer clusters than accepted stories are lost.
    assertThat(all.getLong(1)).as("ALL clusters").isBetween(6000L - copies, 6000L - copies + 10);
    assertThat(all.getDouble(2)).as("share is matching / total articles").isZero();
    long outletRowsWithFewerClusters =
        weekly
            .filter(col(Cols.OUTLET).notEqual(Cols.ALL_OUTLETS))
            .filter(col(Cols.TOTAL_CLUSTERS).notEqual(col(Cols.TOTAL_ARTICLES)))
            .count();
    assertThat(outletRowsWithFewerClusters).isZero();
    long allWeeksWhereDedupDiffers =
        weekly
            .filter(col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS))
            .filter(col(Cols.DEDUP_SHARE).notEqual(col(Cols.SHARE)))
            .count();
    assertThat(allWeeksWhereDedupDiffers).isPositive();
  }

  @Test
  void topicQualityIsRecorded() {
    Row model =
        ctx.warehouse()
            .read(spark, Table.TOPIC_QUALITY)
            .filter(col(Cols.TOPIC_ID).equalTo(Cols.MODEL_LEVEL))
            .first();
    // The demo's topics are planted, so the fit finds coherent ones (NPMI 0.33, stability 0.70,
    // diversity 0.61 at the demo's seed); a fit that lost them falls well below these bounds.
    assertThat(model.<Double>getAs(Cols.NPMI)).isGreaterThan(0.2);
    assertThat(model.<Double>getAs(Cols.STABILITY)).isGreaterThan(0.5);
    assertThat(model.<Double>getAs(Cols.TOPIC_DIVERSITY)).isGreaterThan(0.45);
    // held-out perplexity well below a uniform guess over the vocabulary (ln 10,000 = 9.2): 5.06
    assertThat(model.<Double>getAs(Cols.LOG_PERPLEXITY)).isBetween(1.0, 6.5);
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
