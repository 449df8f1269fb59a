package io.newsdrift.io;

import io.newsdrift.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse: one root URI (any Hadoop file system) with a folder of Parquet files per table.
 * The only code that knows the table layout.
 *
 * <p>Partitioned tables are written with dynamic partition overwrite: a run replaces exactly the
 * partitions it writes and leaves the others alone. Each table also keeps its schema in {@code
 * _schema.json}, so an empty table reads back with its columns.
 */
public final class Warehouse {
  private static final String SCHEMA_FILE = "_schema.json";
  private final String root;

  public Warehouse(String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.root = r.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? r : absolute(r);
  }

  private static String absolute(String local) {
    return new java.io.File(local).getAbsoluteFile().toURI().toString().replaceAll("/$", "");
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.tableName();
  }

  public String path(String name) {
    return root + "/" + name;
  }

  /** Writes a table; partitioned tables replace only the partitions present in {@code df}. */
  public void write(SparkSession spark, Table table, Dataset<Row> df) {
    Dataset<Row> conformed = table.conform(df);
    if (table.partitionBy().isEmpty()) {
      conformed.write().mode(SaveMode.Overwrite).parquet(path(table));
    } else {
      // One task per partition value: one file per partition rather than one per task and value.
      conformed
          .repartition(table.partitionBy().stream().map(functions::col).toArray(Column[]::new))
          .write()
          .mode(SaveMode.Overwrite)
          .option("partitionOverwriteMode", "dynamic")
          .partitionBy(table.partitionBy().toArray(String[]::new))
          .parquet(path(table));
    }
    writeSchema(spark, path(table), conformed.schema());
  }

  /** Appends rows to an unpartitioned table (the runs log). */
  public void append(SparkSession spark, String name, Dataset<Row> df) {
    df.write().mode(SaveMode.Append).parquet(path(name));
    writeSchema(spark, path(name), df.schema());
  }

  public boolean exists(SparkSession spark, Table table) {
    return exists(spark, path(table));
  }

  public boolean exists(SparkSession spark, String tablePath) {
    try {
      Path p = new Path(tablePath, SCHEMA_FILE);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the warehouse at " + tablePath, e);
    }
  }

  public Dataset<Row> read(SparkSession spark, Table table) {
    Dataset<Row> df =
        readPath(spark, path(table))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "table '"
                            + table.tableName()
                            + "' does not exist in the warehouse "
                            + root
                            + "; run the job that writes it first"));
    table.requireColumns(df);
    return df;
  }

  public Optional<Dataset<Row>> readIfExists(SparkSession spark, String name) {
    return readPath(spark, path(name));
  }

  private Optional<Dataset<Row>> readPath(SparkSession spark, String tablePath) {
    if (!exists(spark, tablePath)) {
      return Optional.empty();
    }
    StructType schema = readSchema(spark, tablePath);
    return Optional.of(spark.read().schema(schema).parquet(tablePath));
  }

  private static void writeSchema(SparkSession spark, String tablePath, StructType schema) {
    try {
      Path p = new Path(tablePath, SCHEMA_FILE);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write(schema.json().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the schema of " + tablePath, e);
    }
  }

  private static StructType readSchema(SparkSession spark, String tablePath) {
    try {
      Path p = new Path(tablePath, SCHEMA_FILE);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataInputStream in = fs.open(p)) {
        return (StructType)
            DataType.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema of " + tablePath, e);
    }
  }
}
