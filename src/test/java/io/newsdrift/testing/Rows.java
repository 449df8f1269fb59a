package io.newsdrift.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Compares datasets as data and says which row and column differ. */
public final class Rows {
  private Rows() {}

  /** Rows as sorted strings of the given columns, for order-free comparison. */
  public static List<String> sortedRows(Dataset<Row> df, String... columns) {
    List<String> out = new ArrayList<>();
    for (Row r : df.selectExpr(columns).collectAsList()) {
      out.add(r.toString());
    }
    out.sort(null);
    return out;
  }

  /**
   * Asserts two datasets hold the same rows over the given columns, naming the first difference.
   * Doubles (and arrays of doubles) are compared to 12 decimal places: Spark sums a group's values
   * in the order its tasks finish, so a recomputed mean may differ in the last bit.
   */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual, String... columns) {
    List<String> e = sortedRows(expected, rounded(expected, columns));
    List<String> a = sortedRows(actual, rounded(actual, columns));
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      assertThat(a.get(i))
          .as("row %d of %d (sorted) over columns %s", i, e.size(), List.of(columns))
          .isEqualTo(e.get(i));
    }
    assertThat(a).as("row count over columns %s", List.of(columns)).hasSameSizeAs(e);
  }

  private static String[] rounded(Dataset<Row> df, String... columns) {
    String[] out = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      String c = columns[i];
      DataType type =
          Arrays.asList(df.columns()).contains(c) ? df.schema().apply(c).dataType() : null;
      if (DataTypes.DoubleType.equals(type)) {
        out[i] = "round(`" + c + "`, 12) as `" + c + "`";
      } else if (type instanceof ArrayType array
          && DataTypes.DoubleType.equals(array.elementType())) {
        out[i] = "transform(`" + c + "`, x -> round(x, 12)) as `" + c + "`";
      } else {
        out[i] = c;
      }
    }
    return out;
  }

  /** A small two-column result as a sorted map (key column first). */
  public static Map<String, Long> countsBy(Dataset<Row> df, String column) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : df.groupBy(column).count().collectAsList()) {
      out.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return out;
  }
}
