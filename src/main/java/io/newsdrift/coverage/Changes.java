package io.newsdrift.coverage;

import io.newsdrift.schema.Cols;
import io.newsdrift.spark.Multisets;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a recomputed coverage table differs from the stored one: the periods and the series whose
 * rows are not the same, compared as multisets of whole rows (every column, doubles by value, nulls
 * equal). An incremental run rewrites exactly those, so that the table ends as a full recompute
 * would leave it.
 */
public final class Changes {
  private Changes() {}

  /**
   * The {@code grain} and {@code period_start} of every row in one of the tables and not in the
   * other (which periods to rewrite) and, for a table by outlet ({@code theme_attention}, {@code
   * topic_prevalence}, {@code shifts}), its {@code outlet} too (whose series moved); {@code
   * outlet_divergence}, by pairs of outlets, is compared by period only.
   *
   * @param before the stored table; its columns beyond those of {@code now} (the derived {@code
   *     period_month}) are ignored
   */
  public static Dataset<Row> of(Dataset<Row> now, Dataset<Row> before) {
    Dataset<Row> differing = Multisets.differing(now, before);
    return (Arrays.asList(now.columns()).contains(Cols.OUTLET)
            ? differing.select(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
            : differing.select(Cols.GRAIN, Cols.PERIOD_START))
        .distinct();
  }
}
