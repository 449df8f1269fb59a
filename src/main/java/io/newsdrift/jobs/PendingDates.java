package io.newsdrift.jobs;

import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code pending_dates} table: the dates a nightly's ingest changed whose later stages have not
 * finished yet. Ingest records them before any other table changes, the pipeline clears them once
 * coverage has committed, so a night killed in between leaves its work for the next one.
 */
final class PendingDates {
  private static final StructType SCHEMA =
      new StructType().add(Cols.DATE, DataTypes.DateType).add(Cols.RUN_ID, DataTypes.StringType);

  private final Warehouse warehouse;

  PendingDates(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** Adds the night's dates to those still pending (one commit). */
  void record(SparkSession spark, TouchedDates dates, String runId) {
    List<Row> rows =
        dates.dates().stream().map(d -> RowFactory.create(Date.valueOf(d), runId)).toList();
    warehouse.replace(
        spark, Table.PENDING_DATES, spark.createDataFrame(rows, SCHEMA), functions.lit(false));
  }

  /** Every stage is done: nothing is pending any more (the table exists after any run). */
  void clear(SparkSession spark) {
    warehouse.replace(
        spark,
        Table.PENDING_DATES,
        spark.createDataFrame(List.<Row>of(), SCHEMA),
        functions.lit(true));
  }

  /** The dates a killed night left pending; none when the table does not exist yet. */
  TouchedDates read(SparkSession spark) {
    if (!warehouse.exists(spark, Table.PENDING_DATES)) {
      return TouchedDates.of(List.of());
    }
    return TouchedDates.of(
        warehouse
            .read(spark, Table.PENDING_DATES)
            .select(Cols.DATE)
            .distinct()
            .collectAsList()
            .stream()
            .map(r -> r.getDate(0).toLocalDate())
            .toList());
  }
}
