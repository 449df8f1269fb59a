package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.schema.Cols;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

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

  /**
   * {@code ok}, {@code thin} or {@code missing} (no articles). A period is thin with fewer than
   * {@code minArticles}, or with fewer than {@code thinFraction} of the median non-empty period of
   * its grain and outlet: a week of 30 headlines in a feed that usually has 400 is a hole in the
   * collection, not a measurement. Rows must hold {@code grain} and {@code outlet}.
   */
  static Column status(Column total, int minArticles, double thinFraction) {
    Column median =
        percentile_approx(when(total.gt(0), total), lit(0.5), lit(10_000))
            .over(Window.partitionBy(Cols.GRAIN, Cols.OUTLET));
    Column relative = coalesce(median.cast("double").multiply(thinFraction), lit(0.0));
    return when(total.isNull().or(total.equalTo(0)), "missing")
        .when(total.lt(minArticles).or(total.lt(relative)), "thin")
        .otherwise("ok");
  }
}
