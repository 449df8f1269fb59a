package io.newsdrift.schema;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fans article-level rows out to every (grain, period) and to their outlet and {@code ALL}, so one
 * aggregation computes every grain and the all-outlet total at once.
 */
public final class Periods {
  private Periods() {}

  /**
   * Adds {@code grain} and {@code period_start} (one row per grain) from the {@code date} column.
   */
  public static Dataset<Row> withPeriods(Dataset<Row> df, List<Grain> grains) {
    Column[] choices =
        grains.stream()
            .map(
                g ->
                    struct(
                        lit(g.label()).as(Cols.GRAIN),
                        g.periodStart(col(Cols.DATE)).as(Cols.PERIOD_START)))
            .toArray(Column[]::new);
    return df.withColumn("_period", explode(array(choices)))
        .withColumn(Cols.GRAIN, col("_period." + Cols.GRAIN))
        .withColumn(Cols.PERIOD_START, col("_period." + Cols.PERIOD_START))
        .drop("_period");
  }

  /** Duplicates each row with {@code outlet = ALL}, so totals come from the same aggregation. */
  public static Dataset<Row> withAllOutlets(Dataset<Row> df) {
    return df.withColumn(Cols.OUTLET, explode(array(col(Cols.OUTLET), lit(Cols.ALL_OUTLETS))));
  }
}
