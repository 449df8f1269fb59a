package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage on real headlines: {@code ../shared/data/fwd-news} (headlines only, no body; outlet is
 * the web domain) through ingest, features and coverage with the default settings. The facts
 * checked are those the data's README states: Ukraine's weekly share rises from about 1% to about
 * 11% before the war, and the collection has a hole from mid-February to mid-April 2022.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FwdNewsCoverageTest {
  private RunContext ctx;
  private SparkSession spark;

  @BeforeAll
  void runCoverage(@TempDir Path dir) {
    spark = TestSpark.session();
    SourceSpec source = SharedData.fwdNews();
    ctx = RunContext.start(dir.toString(), Settings.defaults(), LocalDate.parse("2022-08-01"), "t");
    RunLog log = new RunLog(ctx);
    new IngestJob(ctx, List.of(source)).run(spark, log);
    new FeaturesJob(ctx, false).run(spark, log);
    new CoverageJob(ctx).run(spark, log);
    log.finish(spark, true, null);
  }

  private Dataset<Row> allUkraineWeeks(Table table, String subjectColumn) {
    return ctx.warehouse()
        .read(spark, table)
        .filter(col(Cols.GRAIN).equalTo("week"))
        .filter(col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS))
        .filter(col(subjectColumn).equalTo("ukraine"));
  }

  private static Row week(Dataset<Row> weeks, String monday) {
    List<Row> rows =
        weeks.filter(col(Cols.PERIOD_START).cast("string").equalTo(monday)).collectAsList();
    assertThat(rows).as("rows of the week of %s", monday).hasSize(1);
    return rows.get(0);
  }

  @Test
  void ukraineRisesFromAboutOnePercentToAboutElevenPercent() {
    Dataset<Row> weeks = allUkraineWeeks(Table.THEME_ATTENTION, Cols.THEME);
    for (String monday : List.of("2021-11-15", "2021-11-22")) {
      Row r = week(weeks, monday);
      assertThat(r.<String>getAs(Cols.STATUS)).as("status of %s", monday).isEqualTo("ok");
      assertThat(r.<Double>getAs(Cols.SHARE)).as("share of %s", monday).isBetween(0.005, 0.02);
    }
    for (String monday : List.of("2022-01-17", "2022-01-24")) {
      Row r = week(weeks, monday);
      assertThat(r.<String>getAs(Cols.STATUS)).as("status of %s", monday).isEqualTo("ok");
      assertThat(r.<Double>getAs(Cols.SHARE)).as("share of %s", monday).isBetween(0.09, 0.13);
      assertThat(r.<Double>getAs(Cols.CI_LOW)).as("ci_low of %s", monday).isGreaterThan(0.07);
    }
  }

  @Test
  void aChangeIsFlaggedInTheRise() {
    List<Row> flagged =
        allUkraineWeeks(Table.SHIFTS, Cols.SUBJECT)
            .filter(col(Cols.SUBJECT_TYPE).equalTo("theme"))
            .filter(col(Cols.PERIOD_START).between("2021-11-29", "2022-01-24"))
            .filter(col(Cols.FLAG).notEqual("none"))
            .collectAsList();
    assertThat(flagged).as("flagged weeks in the rise").isNotEmpty();
    // What the rise is about: the week of 2022-01-17's new terms.
    Row peak = week(allUkraineWeeks(Table.SHIFTS, Cols.SUBJECT), "2022-01-17");
    assertThat(peak.getList(peak.fieldIndex(Cols.TERMS))).contains("ukraine");
    for (Row r : flagged) {
      assertThat(r.<String>getAs(Cols.FLAG)).as("flag of %s", r).isEqualTo("change_up");
      assertThat(r.getAs(Cols.DETECTED_AT).toString())
          .as("detected_at of %s", r)
          .isLessThanOrEqualTo("2022-01-24");
      assertThat(r.<Double>getAs(Cols.SHARE)).as("share of %s", r).isGreaterThan(0.03);
    }
  }

  @Test
  void theThinWeekAtTheNewYearIsThinNotAMeasurement() {
    // 30 headlines against a median week of about 430: below coverage.thin_fraction (0.1).
    Row a = week(allUkraineWeeks(Table.THEME_ATTENTION, Cols.THEME), "2021-12-27");
    assertThat(a.<Long>getAs(Cols.TOTAL_ARTICLES)).isEqualTo(30L);
    assertThat(a.<String>getAs(Cols.STATUS)).isEqualTo("thin");
    Row s =
        week(
            allUkraineWeeks(Table.SHIFTS, Cols.SUBJECT)
                .filter(col(Cols.SUBJECT_TYPE).equalTo("theme")),
            "2021-12-27");
    assertThat(s.<String>getAs(Cols.STATUS)).isEqualTo("thin");
    assertThat(s.<String>getAs(Cols.FLAG)).isEqualTo("none");
    assertThat(s.isNullAt(s.fieldIndex(Cols.CHANGE_SCORE))).isTrue();
  }

  @Test
  void theHoleInTheCollectionIsMissingNotZero() {
    Dataset<Row> attention = allUkraineWeeks(Table.THEME_ATTENTION, Cols.THEME);
    Dataset<Row> shifts =
        allUkraineWeeks(Table.SHIFTS, Cols.SUBJECT).filter(col(Cols.SUBJECT_TYPE).equalTo("theme"));
    for (LocalDate monday = LocalDate.parse("2022-02-14");
        !monday.isAfter(LocalDate.parse("2022-04-11"));
        monday = monday.plusWeeks(1)) {
      Row a = week(attention, monday.toString());
      assertThat(a.<String>getAs(Cols.STATUS)).as("status of %s", monday).isEqualTo("missing");
      assertThat(a.isNullAt(a.fieldIndex(Cols.SHARE))).as("share of %s is null", monday).isTrue();
      assertThat(a.<Long>getAs(Cols.TOTAL_ARTICLES)).as("articles of %s", monday).isZero();
      Row s = week(shifts, monday.toString());
      assertThat(s.<String>getAs(Cols.STATUS))
          .as("shift status of %s", monday)
          .isEqualTo("missing");
      assertThat(s.<String>getAs(Cols.FLAG)).as("flag of %s", monday).isEqualTo("none");
      assertThat(s.isNullAt(s.fieldIndex(Cols.DELTA))).as("delta of %s is null", monday).isTrue();
    }
  }
}
