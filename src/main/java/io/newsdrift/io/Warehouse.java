package io.newsdrift.io;

import io.newsdrift.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * <p>Partitioned tables are written partition by partition, so that a run killed half-way never
 * leaves a partial partition visible: Spark writes the whole output to a fresh {@code
 * _staging/<uuid>/} folder inside the table (Spark's readers skip names starting with {@code _}),
 * then each partition is committed on its own: its {@code _COMMITTED} marker is removed, the old
 * folder deleted, the staged one renamed into place and the marker written again ({@link
 * PartitionCommit}). {@link #read} reads only partitions with a marker, so a partition caught
 * between those steps is missing rather than partial, and the next run that writes it repairs it. A
 * run replaces exactly the partitions it writes and leaves the others alone. One writer per
 * warehouse at a time (nightly runs do not overlap); stale staging folders of killed runs are
 * removed by the next write of the table. Each table also keeps its schema in {@code _schema.json},
 * so an empty table reads back with its columns.
 */
public final class Warehouse {
  private static final String SCHEMA_FILE = "_schema.json";
  static final String STAGING_DIR = "_staging";
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

  /**
   * Writes a table; partitioned tables replace only the partitions present in {@code df}, one
   * partition at a time (see the class comment for the protocol).
   */
  public void write(SparkSession spark, Table table, Dataset<Row> df) {
    Dataset<Row> conformed = table.conform(df);
    writeSchema(spark, path(table), conformed.schema());
    if (table.partitionBy().isEmpty()) {
      conformed.write().mode(SaveMode.Overwrite).parquet(path(table));
      return;
    }
    PartitionCommit commit =
        new PartitionCommit(spark.sparkContext().hadoopConfiguration(), path(table), table);
    commit.removeStaleStaging();
    String staging = path(table) + "/" + STAGING_DIR + "/" + UUID.randomUUID();
    // One task per partition value: one file per partition rather than one per task and value.
    // The staging folder is new, so a static overwrite of it is all Spark has to do.
    conformed
        .repartition(table.partitionBy().stream().map(functions::col).toArray(Column[]::new))
        .write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "static")
        .partitionBy(table.partitionBy().toArray(String[]::new))
        .parquet(staging);
    commit.commitFrom(staging);
  }

  /**
   * A run's scratch folder ({@code _scratch/<run_id>}, invisible to table readers): reliable
   * checkpoints of jobs on a cluster, removed by {@link #deleteScratch} when the run is done.
   */
  public String scratchPath(String runId) {
    return root + "/_scratch/" + runId;
  }

  public void deleteScratch(SparkSession spark, String runId) {
    try {
      Path p = new Path(scratchPath(runId));
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch folder " + scratchPath(runId), e);
    }
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
    Optional<Table> table =
        Arrays.stream(Table.values())
            .filter(t -> path(t).equals(tablePath) && !t.partitionBy().isEmpty())
            .findFirst();
    if (table.isEmpty()) {
      return Optional.of(spark.read().schema(schema).parquet(tablePath));
    }
    // Only committed partitions: one a killed run left half-written has no marker.
    List<String> committed =
        new PartitionCommit(spark.sparkContext().hadoopConfiguration(), tablePath, table.get())
            .committedPartitions();
    if (committed.isEmpty()) {
      return Optional.of(spark.createDataFrame(List.of(), schema));
    }
    return Optional.of(
        spark
            .read()
            .schema(schema)
            .option("basePath", tablePath)
            .parquet(committed.toArray(String[]::new)));
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
