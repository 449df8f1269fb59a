package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.CoverageConfig;
import io.newsdrift.config.Settings;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.TestSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ShiftsTest {
  private static final StructType ATTENTION =
      new StructType()
          .add(Cols.GRAIN, DataTypes.StringType)
          .add(Cols.PERIOD_START, DataTypes.DateType)
          .add(Cols.OUTLET, DataTypes.StringType)
          .add(Cols.THEME, DataTypes.StringType)
          .add(Cols.TOTAL_ARTICLES, DataTypes.LongType)
          .add(Cols.SHARE, DataTypes.DoubleType)
          .add(Cols.STATUS, DataTypes.StringType);

  /** Weekly rows of one outlet and theme from 2024-01-01; a null share is a missing week. */
  private static List<Row> weeks(String outlet, long n, Double... shares) {
    List<Row> rows = new ArrayList<>();
    LocalDate week = LocalDate.of(2024, 1, 1);
    for (Double s : shares) {
      String status = s == null ? "missing" : n < 30 ? "thin" : "ok";
      rows.add(
          RowFactory.create(
              "week", Date.valueOf(week), outlet, "ukraine", s == null ? 0L : n, s, status));
      week = week.plusWeeks(1);
    }
    return rows;
  }

  @Test
  void aSustainedShiftIsFlaggedAtItsOnsetOnlyAndGapsNever() {
    SparkSession spark = TestSpark.session();
    List<Row> rows = new ArrayList<>();
    rows.addAll(weeks("steady", 200, .10, .10, .11, .09, .10, null, null, .10, .30, .31, .29, .30));
    rows.addAll(weeks("thin", 20, .10, .10, .10, .10, .90, .90, .90, .90, .90, .90, .90, .90));
    Dataset<Row> shifts =
        Shifts.compute(
            spark.createDataFrame(rows, ATTENTION),
            Optional.empty(),
            Optional.empty(),
            CoverageConfig.from(Settings.defaults()));

    assertThat(List.of(shifts.columns()))
        .containsExactlyInAnyOrderElementsOf(
            Table.SHIFTS.columns().stream().filter(c -> !c.equals(Cols.PERIOD_MONTH)).toList());
    List<Row> flagged =
        shifts.filter(col(Cols.FLAG).notEqual("none")).orderBy(Cols.OUTLET).collectAsList();
    assertThat(flagged).hasSize(1);
    Row onset = flagged.get(0);
    assertThat(onset.<String>getAs(Cols.OUTLET)).isEqualTo("steady");
    assertThat(onset.<String>getAs(Cols.FLAG)).isEqualTo("change_up");
    assertThat(onset.getAs(Cols.PERIOD_START).toString()).isEqualTo("2024-02-26");
    assertThat(onset.getAs(Cols.DETECTED_AT).toString()).isEqualTo("2024-02-26");
    assertThat(onset.<Double>getAs(Cols.CHANGE_SCORE)).isGreaterThan(3.0);
    assertThat(onset.<Double>getAs(Cols.DELTA))
        .isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.01));
    assertThat(onset.<Double>getAs(Cols.Z_SCORE)).isGreaterThan(5.0);

    // The week after the onset is still far above its trailing baseline, but not a new change.
    Row after =
        shifts
            .filter(col(Cols.OUTLET).equalTo("steady"))
            .filter(col(Cols.PERIOD_START).cast("string").equalTo("2024-03-04"))
            .first();
    assertThat(after.<Double>getAs(Cols.Z_SCORE)).isGreaterThan(2.0);
    assertThat(after.<String>getAs(Cols.FLAG)).isEqualTo("none");
    assertThat(after.isNullAt(after.fieldIndex(Cols.DETECTED_AT))).isTrue();

    List<Row> gaps = shifts.filter(col(Cols.STATUS).isin("missing", "thin")).collectAsList();
    assertThat(gaps).hasSize(2 + 12);
    for (Row g : gaps) {
      assertThat(g.<String>getAs(Cols.FLAG)).as("flag of %s", g).isEqualTo("none");
      assertThat(g.isNullAt(g.fieldIndex(Cols.CHANGE_SCORE))).as("score of %s", g).isTrue();
      assertThat(g.isNullAt(g.fieldIndex(Cols.DELTA))).as("delta of %s", g).isTrue();
    }
  }
}
