package io.newsdrift.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.newsdrift.schema.Cols;
import io.newsdrift.testing.TestSpark;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The log-odds z-scores against a small example worked out by hand. */
class DistinctiveTermsTest {
  private static final Date P0 = Date.valueOf("2024-01-01");
  private static final Date P1 = Date.valueOf("2024-01-08");
  private static final StructType TERM_STATS =
      new StructType()
          .add(Cols.GRAIN, DataTypes.StringType)
          .add(Cols.PERIOD_START, DataTypes.DateType)
          .add(Cols.OUTLET, DataTypes.StringType)
          .add(Cols.TERM, DataTypes.StringType)
          .add(Cols.TERM_COUNT, DataTypes.LongType);

  private static Row stat(Date period, String outlet, String term, long count) {
    return RowFactory.create("week", period, outlet, term, count);
  }

  @Test
  void outletAgainstTheRestAndPeriodAgainstItsHistory() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> termStats =
        spark.createDataFrame(
            List.of(
                stat(P0, "A", "oil", 2),
                stat(P0, "A", "gas", 8),
                stat(P0, "ALL", "oil", 2),
                stat(P0, "ALL", "gas", 8),
                stat(P1, "A", "oil", 8),
                stat(P1, "A", "gas", 2),
                stat(P1, "B", "oil", 2),
                stat(P1, "B", "gas", 8),
                stat(P1, "ALL", "oil", 10),
                stat(P1, "ALL", "gas", 10)),
            TERM_STATS);
    Dataset<Row> prior =
        spark.createDataFrame(
            List.of(RowFactory.create("oil", 1.0), RowFactory.create("gas", 1.0)),
            new StructType()
                .add(Cols.TERM, DataTypes.StringType)
                .add("alpha", DataTypes.DoubleType));

    List<Row> rows = DistinctiveTerms.compute(termStats, prior, 2.0, 1, 10).collectAsList();

    // A vs B in week 1, oil: y_i=8, n_i=10, y_j=2, n_j=10, a_w=1, a0=2:
    // delta = ln(9/3) - ln(3/9) = 2 ln 3; var = 1/9 + 1/3 = 4/9; z = 2 ln 3 / (2/3) = 3 ln 3
    Row aOil = find(rows, DistinctiveTerms.OUTLET_VS_REST, P1, "A", "oil");
    assertThat(aOil.<Double>getAs(Cols.LOG_ODDS)).isCloseTo(2 * Math.log(3), within(1e-9));
    assertThat(aOil.<Double>getAs(Cols.Z_SCORE)).isCloseTo(3 * Math.log(3), within(1e-9));
    assertThat(aOil.<Long>getAs(Cols.COUNT)).isEqualTo(8L);
    assertThat(aOil.<Integer>getAs(Cols.RANK)).isEqualTo(1);
    Row aGas = find(rows, DistinctiveTerms.OUTLET_VS_REST, P1, "A", "gas");
    assertThat(aGas.<Double>getAs(Cols.Z_SCORE)).isCloseTo(-3 * Math.log(3), within(1e-9));
    assertThat(aGas.<Integer>getAs(Cols.RANK)).isEqualTo(2);

    // ALL in week 1 vs week 0, oil: y_i=10, n_i=20, y_j=2, n_j=10:
    // delta = ln(11/11) - ln(3/9) = ln 3; var = 1/11 + 1/3; z = ln 3 / sqrt(14/33)
    Row newOil = find(rows, DistinctiveTerms.PERIOD_VS_PREVIOUS, P1, "ALL", "oil");
    assertThat(newOil.<Double>getAs(Cols.LOG_ODDS)).isCloseTo(Math.log(3), within(1e-9));
    assertThat(newOil.<Double>getAs(Cols.Z_SCORE))
        .isCloseTo(Math.log(3) / Math.sqrt(14.0 / 33), within(1e-9));

    // No rest in week 0 (only A published) and no history before it: nothing to compare.
    assertThat(rows).noneMatch(r -> r.getAs(Cols.PERIOD_START).equals(P0));
  }

  @Test
  void aPeriodsHistoryIsExactlyItsPrecedingPeriodsInEveryGrain() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> counts =
        spark.createDataFrame(
            List.of(
                row("day", "2024-01-01", "oil", 1),
                row("day", "2024-01-02", "oil", 2),
                row("day", "2024-01-02", "gas", 5),
                row("day", "2024-01-04", "gas", 7),
                row("day", "2024-01-06", "oil", 3),
                row("week", "2024-01-01", "oil", 3),
                row("week", "2024-01-15", "oil", 1),
                row("week", "2024-02-05", "oil", 6),
                row("month", "2023-12-01", "oil", 4),
                row("month", "2024-01-01", "oil", 1),
                row("month", "2024-03-01", "oil", 2),
                row("month", "2024-07-01", "oil", 9)),
            TERM_STATS);

    // history_periods = 3: y_j, n_j of each compared (grain, period, term).
    Map<String, String> got = new TreeMap<>();
    for (Row r : DistinctiveTerms.periodVsPrevious(counts, 3).collectAsList()) {
      got.put(
          r.getAs(Cols.GRAIN) + " " + r.getAs(Cols.PERIOD_START) + " " + r.getAs(Cols.TERM),
          r.getAs("y_i") + "/" + r.getAs("n_i") + " vs " + r.getAs("y_j") + "/" + r.getAs("n_j"));
    }
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                // the first day has no history; a term missing from the history has y_j = 0
                "day 2024-01-02 oil", "2/7 vs 1/1",
                "day 2024-01-02 gas", "5/7 vs 0/1",
                "day 2024-01-04 gas", "7/7 vs 5/8",
                // 01-06 looks back to 01-03 .. 01-05: only 01-04, which has no oil
                "day 2024-01-06 oil", "3/3 vs 0/7",
                "week 2024-01-15 oil", "1/1 vs 3/3",
                // 2024-02-05 is three weeks after 01-15 and five after 01-01
                "week 2024-02-05 oil", "6/6 vs 1/1",
                "month 2024-01-01 oil", "1/1 vs 4/4",
                "month 2024-03-01 oil", "2/2 vs 5/5"));
    // 2024-07 is four months after March: nothing within three, so it is not compared.
  }

  private static Row row(String grain, String period, String term, long count) {
    return RowFactory.create(grain, Date.valueOf(period), "ALL", term, count);
  }

  private static Row find(
      List<Row> rows, String comparison, Date period, String outlet, String term) {
    return rows.stream()
        .filter(r -> r.getAs(Cols.COMPARISON).equals(comparison))
        .filter(r -> r.getAs(Cols.PERIOD_START).equals(period))
        .filter(r -> r.getAs(Cols.OUTLET).equals(outlet))
        .filter(r -> r.getAs(Cols.TERM).equals(term))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no row "
                        + comparison
                        + " "
                        + period
                        + " "
                        + outlet
                        + " "
                        + term
                        + " in "
                        + rows));
  }
}
