package io.newsdrift.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.schema.Cols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Proves that every input record, known by its file and position, ends in exactly one place
 * (accepted, rejected, exact duplicate, near duplicate, outside the window), before anything is
 * written. One Spark job when the books balance; a second one only to name the records that do not.
 */
public final class RecordLedger {
  /** The label of records found in no place, or in more than one. */
  public static final String UNACCOUNTED = "unaccounted";

  private static final String OUTCOME = "outcome";
  private static final String INPUTS = "inputs";
  private static final String PLACES = "places";

  private RecordLedger() {}

  /**
   * The balance of a run.
   *
   * @param records input records (file and position pairs as read)
   * @param counts records per place, in the order the places were given; every place is present
   * @param unaccounted how many records are in no place or in several
   * @param firstUnaccounted up to a handful of those, as {@code file#position (where it is)}
   */
  public record Balance(
      long records, Map<String, Long> counts, long unaccounted, List<String> firstUnaccounted) {
    public boolean balances() {
      return unaccounted == 0;
    }
  }

  /**
   * @param inputs one row per input record, with {@code source_uri} and {@code record_position}
   * @param places each place's name and its rows, with the same two columns
   * @param show how many unaccounted records to name
   */
  public static Balance balance(Dataset<Row> inputs, Map<String, Dataset<Row>> places, int show) {
    Dataset<Row> tagged = position(inputs).withColumn(OUTCOME, lit(null).cast("string"));
    for (Map.Entry<String, Dataset<Row>> place : places.entrySet()) {
      tagged =
          tagged.unionByName(position(place.getValue()).withColumn(OUTCOME, lit(place.getKey())));
    }
    Dataset<Row> perRecord =
        tagged
            .groupBy(Cols.SOURCE_URI, Cols.RECORD_POSITION)
            .agg(
                count(when(col(OUTCOME).isNull(), lit(1))).as(INPUTS),
                count(col(OUTCOME)).as("placements"),
                max(col(OUTCOME)).as(OUTCOME),
                collect_list(col(OUTCOME)).as(PLACES));
    Column accounted = col(INPUTS).equalTo(1).and(col("placements").equalTo(1));
    Dataset<Row> labelled =
        perRecord.withColumn("label", when(accounted, col(OUTCOME)).otherwise(lit(UNACCOUNTED)));
    Map<String, Long> counts = new LinkedHashMap<>();
    places.keySet().forEach(p -> counts.put(p, 0L));
    long records = 0;
    long unaccounted = 0;
    for (Row r : labelled.groupBy("label").agg(count(lit(1)), sum(col(INPUTS))).collectAsList()) {
      records += r.getLong(2);
      if (UNACCOUNTED.equals(r.getString(0))) {
        unaccounted = r.getLong(1);
      } else {
        counts.put(r.getString(0), r.getLong(1));
      }
    }
    List<String> first = new ArrayList<>();
    if (unaccounted > 0) {
      for (Row r :
          labelled
              .filter(col("label").equalTo(UNACCOUNTED))
              .orderBy(Cols.SOURCE_URI, Cols.RECORD_POSITION)
              .limit(show)
              .collectAsList()) {
        List<String> where = r.getList(r.fieldIndex(PLACES));
        long read = r.getLong(r.fieldIndex(INPUTS));
        first.add(
            r.getString(0)
                + "#"
                + r.getLong(1)
                + " ("
                + (read != 1 ? "read " + read + " times, " : "")
                + (where.isEmpty() ? "in no place" : "in " + String.join(" and ", where))
                + ")");
      }
    }
    return new Balance(records, counts, unaccounted, List.copyOf(first));
  }

  private static Dataset<Row> position(Dataset<Row> df) {
    return df.select(col(Cols.SOURCE_URI), col(Cols.RECORD_POSITION));
  }
}
