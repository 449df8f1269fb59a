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
    assertSameRows(
        comparable(expected, columns), comparable(actual, columns), "columns " + List.of(columns));
  }

  /**
   * The rows of the given columns as sorted strings, doubles rounded as {@link #assertSameRows}
   * rounds them: one Spark job, kept for comparing with many later readings.
   */
  public static List<String> comparable(Dataset<Row> df, String... columns) {
    return sortedRows(df, rounded(df, columns));
  }

  /** Asserts two lists of {@link #comparable} rows are equal, naming the first difference. */
  public static void assertSameRows(List<String> expected, List<String> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertThat(actual.get(i))
          .as("row %d of %d (sorted) of %s", i, expected.size(), what)
          .isEqualTo(expected.get(i));
    }
    assertThat(actual).as("row count of %s", what).hasSameSizeAs(expected);
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
      } else if (DataTypes.BinaryType.equals(type)) {
        out[i] = "hex(`" + c + "`) as `" + c + "`"; // bytes by content, not by array identity
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
