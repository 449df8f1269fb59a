package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.newsdrift.schema.Cols;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every period a series should have: for each grain and outlet (and {@code ALL}), each period from
 * its first to its last one with articles. Periods inside that span without articles are then
 * visible as {@code missing} instead of silently absent (or, worse, zero).
 */
final class Calendar {
  private Calendar() {}

  /**
   * @param periods rows with {@code grain}, {@code period_start}, {@code outlet}
   */
  static Dataset<Row> of(Dataset<Row> periods) {
    return periods
        .groupBy(Cols.GRAIN, Cols.OUTLET)
        .agg(min(Cols.PERIOD_START).as("_first"), max(Cols.PERIOD_START).as("_last"))
        .withColumn(
            Cols.PERIOD_START,
            expr(
                "explode(CASE grain WHEN 'month' THEN sequence(_first, _last, interval 1 month)"
                    + " WHEN 'week' THEN sequence(_first, _last, interval 7 days)"
                    + " ELSE sequence(_first, _last, interval 1 day) END)"))
        .select(col(Cols.GRAIN), col(Cols.PERIOD_START), col(Cols.OUTLET));
  }

  /** {@code ok}, {@code thin} (fewer than the minimum) or {@code missing} (no articles). */
  static org.apache.spark.sql.Column status(org.apache.spark.sql.Column total, int minArticles) {
    return org.apache
        .spark
        .sql
        .functions
        .when(total.isNull().or(total.equalTo(0)), "missing")
        .when(total.lt(minArticles), "thin")
        .otherwise("ok");
  }
}
