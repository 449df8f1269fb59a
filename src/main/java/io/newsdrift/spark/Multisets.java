package io.newsdrift.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Datasets compared as multisets of whole rows: what an incremental run rewrites. */
public final class Multisets {
  private Multisets() {}

  /**
   * The rows whose count differs between the two datasets (every column of {@code now}, compared by
   * value, nulls equal; {@code before}'s other columns are ignored), in one aggregation.
   */
  public static Dataset<Row> differing(Dataset<Row> now, Dataset<Row> before) {
    Column[] columns = Arrays.stream(now.columns()).map(c -> col(c)).toArray(Column[]::new);
    return now.select(columns)
        .withColumn("_side", lit(1L))
        .unionByName(before.select(columns).withColumn("_side", lit(-1L)))
        .groupBy(columns)
        .agg(sum("_side").as("_balance"))
        .filter(col("_balance").notEqual(0L));
  }
}
