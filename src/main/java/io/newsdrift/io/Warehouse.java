package io.newsdrift.io;

import io.newsdrift.schema.Table;
import io.newsdrift.spark.HaltPoints;
import io.newsdrift.spark.Predicates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse: one root URI (any Hadoop file system) whose tables are Apache Iceberg tables
 * (format version 2, Parquet data files). The only code that knows where tables live and how they
 * are committed.
 *
 * <p>By default the root holds the catalog too: an Iceberg file-system ("hadoop") catalog whose
 * namespace {@value #NAMESPACE} keeps each table under {@code <root>/news/<table>}, with nothing to
 * set up. Setting {@code spark.newsdrift.catalog=NAME} uses the Spark catalog {@code NAME} instead
 * (REST, Hive, Glue, JDBC: whatever {@code spark.sql.catalog.NAME.*} configures); the root then
 * keeps only models, scratch space and the writer lock.
 *
 * <p>Each {@link #write} is one Iceberg commit that replaces exactly the partitions present in its
 * rows, so readers see a table either before or after a run's write of it, never in between, and a
 * killed run leaves only unreferenced files (removed by {@code maintain}). The snapshot each write
 * committed is kept for the run's manifest ({@link #committedSnapshots}). A warehouse can be pinned
 * to the snapshots a past run left ({@link #pinnedTo}); reads then show the tables as they were.
 */
public final class Warehouse {
  private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
  public static final String NAMESPACE = "news";

  /** Spark setting naming a user-configured Iceberg catalog to keep the tables in. */
  public static final String CATALOG_SETTING = "spark.newsdrift.catalog";

  private final String root;
  private final Map<String, Long> committed = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Pin pin;
  // Catalogs whose namespace this object's writes made or found: asking again before every write
  // cost one Spark command (a query) per table and run.
  private final Set<String> namespaceReady = ConcurrentHashMap.newKeySet();

  /** Reads pinned to a past run: its own snapshots, else each table as it was at {@code asOf}. */
  public record Pin(String runId, Map<String, Long> snapshots, Instant asOf) {}

  public Warehouse(String root) {
    this(normalize(root), null);
  }

  private Warehouse(String root, Pin pin) {
    this.root = root;
    this.pin = pin;
  }

  private static String normalize(String root) {
    String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return r.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? r : absolute(r);
  }

  private static String absolute(String local) {
    return new java.io.File(local).getAbsoluteFile().toURI().toString().replaceAll("/$", "");
  }

  public String root() {
    return root;
  }

  /** The same warehouse, reading every table as the given past run left it. Writes are refused. */
  public Warehouse pinnedTo(Pin pin) {
    return new Warehouse(root, pin);
  }

  /**
   * The same warehouse reading {@code tables} at their current snapshots (writes refused), for a
   * run that reads what it will rewrite. Spark re-plans a cached read of a table's current state
   * whenever the table is written, which detaches the cache from the dataset that made it: {@code
   * unpersist} no longer finds it, so it stays in memory for the session's life and is planned
   * again at every later write of the table. A read of a fixed snapshot is left alone.
   */
  public Warehouse asFound(SparkSession spark, String runId, Collection<Table> tables) {
    Map<String, Long> snapshots = new LinkedHashMap<>();
    for (Table t : tables) {
      if (exists(spark, t)) {
        org.apache.iceberg.Snapshot s =
            icebergTable(spark, qualifiedName(spark, t.tableName())).currentSnapshot();
        snapshots.put(t.tableName(), s == null ? -1L : s.snapshotId());
      }
    }
    return pinnedTo(new Pin(runId, snapshots, Instant.now()));
  }

  /** The same warehouse reading current tables. */
  public Warehouse unpinned() {
    return pin == null ? this : new Warehouse(root, null);
  }

  public Optional<Pin> pin() {
    return Optional.ofNullable(pin);
  }

  /** Where a table's folder is in the embedded catalog (data under it, metadata in metadata/). */
  public String path(Table table) {
    return path(table.tableName());
  }

  public String path(String name) {
    return root + "/" + NAMESPACE + "/" + name;
  }

  /** A file or folder of the warehouse's own outside every table: models, scratch, the lock. */
  public String location(String relative) {
    return root + "/" + relative;
  }

  /** The table's name for Spark SQL in this session, e.g. {@code newsdrift_1a2b3c4d.news.runs}. */
  public String qualifiedName(SparkSession spark, String name) {
    return catalog(spark) + "." + NAMESPACE + "." + name;
  }

  /**
   * The Spark catalog holding this warehouse's tables: the user's ({@value #CATALOG_SETTING}) or an
   * embedded file-system catalog at the root, registered in the session on first use. Its name is
   * derived from the root, so one session can use several warehouses (the tests do).
   */
  public String catalog(SparkSession spark) {
    String user = spark.conf().get(CATALOG_SETTING, "");
    if (!user.isBlank()) {
      return user;
    }
    String name = "newsdrift_" + shortHash(root);
    String key = "spark.sql.catalog." + name;
    if (!spark.conf().contains(key)) {
      spark.conf().set(key + ".type", "hadoop");
      spark.conf().set(key + ".warehouse", root);
      // Another process (the next nightly, a test reading what a job wrote) may commit at any
      // time: read the current metadata every time rather than a cached table.
      spark.conf().set(key + ".cache-enabled", "false");
      spark.conf().set(key, "org.apache.iceberg.spark.SparkCatalog");
    }
    return name;
  }

  /** The snapshot id each table write of this warehouse object committed, by table name. */
  public Map<String, Long> committedSnapshots() {
    synchronized (committed) {
      return Map.copyOf(committed);
    }
  }

  /**
   * Writes a table in one Iceberg commit that replaces the partitions present in {@code df} and
   * leaves the others alone; creates the table on first write, and adds columns a newer version
   * brings (see {@link #evolve}).
   */
  public void write(SparkSession spark, Table table, Dataset<Row> df) {
    Dataset<Row> conformed = table.conform(df);
    String name = ensureTable(spark, table.tableName(), conformed.schema(), table.partitionBy());
    commit(table.tableName(), name, () -> conformed.writeTo(name).overwritePartitions());
    recordSnapshot(spark, table.tableName(), name);
  }

  /**
   * Replaces, in one Iceberg commit, the table's rows matching {@code replaced} with {@code rows}:
   * the partitions either side touches are rewritten with {@code rows} plus the rows there that do
   * not match, and every other partition is left alone. This is how a nightly updates some periods
   * of a table partitioned by month, or some dates, without recomputing the rest. A partition left
   * with no row is emptied (a plain {@link #write} could not empty it). Finding the partitions
   * either side touches costs a query; a caller that knows them says so with {@link #replace(
   * SparkSession, Table, Dataset, Column, Column)}.
   */
  public void replace(SparkSession spark, Table table, Dataset<Row> rows, Column replaced) {
    if (!exists(spark, table)) {
      write(spark, table, rows);
      return;
    }
    if (table.partitionBy().isEmpty()) {
      overwrite(spark, table, table.conform(rows), replaced, functions.lit(true));
      return;
    }
    Column[] partitionCols =
        table.partitionBy().stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> conformed = table.conform(rows);
    List<Row> affected =
        conformed
            .select(partitionCols)
            .unionByName(read(spark, table).filter(replaced).select(partitionCols))
            .distinct()
            .collectAsList();
    if (affected.isEmpty()) {
      return;
    }
    List<Column> samePartition = new java.util.ArrayList<>();
    for (Row partition : affected) {
      Column same = functions.lit(true);
      for (int i = 0; i < partitionCols.length; i++) {
        same = same.and(partitionCols[i].eqNullSafe(functions.lit(partition.get(i))));
      }
      samePartition.add(same);
    }
    overwrite(spark, table, conformed, replaced, Predicates.anyOf(samePartition));
  }

  /**
   * As {@link #replace(SparkSession, Table, Dataset, Column)}, without the query that finds the
   * partitions: {@code partitions}, a condition on the partition columns alone, holds for every row
   * of {@code rows} and every stored row matching {@code replaced}, and its partitions are
   * rewritten. A row of {@code rows} outside it fails the write, naming the table, rather than
   * landing where the commit does not replace.
   */
  public void replace(
      SparkSession spark, Table table, Dataset<Row> rows, Column replaced, Column partitions) {
    if (!exists(spark, table)) {
      write(spark, table, rows);
      return;
    }
    overwrite(spark, table, inside(table, table.conform(rows), partitions), replaced, partitions);
  }

  /** {@code conformed} and the rows of {@code partitions} not {@code replaced}, in their place. */
  private void overwrite(
      SparkSession spark, Table table, Dataset<Row> conformed, Column replaced, Column partitions) {
    Dataset<Row> kept =
        table.conform(read(spark, table).filter(partitions.and(functions.not(replaced))));
    String name = ensureTable(spark, table.tableName(), conformed.schema(), table.partitionBy());
    commit(
        table.tableName(),
        name,
        () -> conformed.unionByName(kept).writeTo(name).overwrite(partitions));
    recordSnapshot(spark, table.tableName(), name);
  }

  /**
   * {@code rows}, checked as they are written (no query of its own) to lie in {@code partitions}.
   */
  private static Dataset<Row> inside(Table table, Dataset<Row> rows, Column partitions) {
    if (table.partitionBy().isEmpty()) {
      return rows;
    }
    String first = table.partitionBy().get(0);
    return rows.withColumn(
        first,
        functions
            .when(partitions, functions.col(first))
            .otherwise(
                functions.raise_error(
                    functions.concat(
                        functions.lit(
                            "a row for "
                                + table.tableName()
                                + " lies outside the partitions"
                                + " the replacement names: "),
                        functions.to_json(
                            functions.struct(
                                table.partitionBy().stream()
                                    .map(functions::col)
                                    .toArray(Column[]::new)))))));
  }

  /**
   * Deletes the rows of a table partitioned by one date column whose date is before {@code date}.
   * The filter is on the partition column, so Iceberg drops whole files in a metadata-only commit
   * and reads no data.
   */
  public void dropPartitionsBefore(SparkSession spark, Table table, java.time.LocalDate date) {
    if (table.partitionBy().size() != 1) {
      throw new IllegalArgumentException(
          table.tableName() + " is not partitioned by one date column: " + table.partitionBy());
    }
    if (!exists(spark, table)) {
      return;
    }
    String name = qualifiedName(spark, table.tableName());
    String column = table.partitionBy().get(0);
    // Planned from the manifests alone: a young warehouse has nothing to drop, and a Spark DELETE
    // would cost a query plan (seconds) every night to find that out.
    try (CloseableIterable<FileScanTask> old =
        icebergTable(spark, name)
            .newScan()
            .filter(Expressions.lessThan(column, date.toString()))
            .planFiles()) {
      if (!old.iterator().hasNext()) {
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("planning the files of " + name + " before " + date, e);
    }
    commit(
        table.tableName(),
        name,
        () -> spark.sql("DELETE FROM " + name + " WHERE " + column + " < DATE '" + date + "'"));
    recordSnapshot(spark, table.tableName(), name);
  }

  /** Appends rows to an unpartitioned table (the runs log), in one commit. */
  public void append(SparkSession spark, String tableName, Dataset<Row> df) {
    String name = ensureTable(spark, tableName, df.schema(), List.of());
    commit(tableName, name, () -> df.writeTo(name).append());
  }

  /** One Iceberg write of a table, between the halt points the fault tests stop runs at. */
  private static void commit(String tableName, String name, IcebergWrite write) {
    HaltPoints.reach("before-commit:" + tableName);
    try {
      write.run();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("table " + name + " vanished while being written", e);
    }
    HaltPoints.reach("after-commit:" + tableName);
  }

  @FunctionalInterface
  private interface IcebergWrite {
    void run() throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
  }

  /** A property of a table's metadata; empty when the table or the property does not exist. */
  public Optional<String> property(SparkSession spark, Table table, String key) {
    if (!exists(spark, table)) {
      return Optional.empty();
    }
    org.apache.iceberg.Table ice = icebergTable(spark, qualifiedName(spark, table.tableName()));
    ice.refresh(); // the catalog may hold an older copy of its metadata
    return Optional.ofNullable(ice.properties().get(key));
  }

  /** Sets a property of a table's metadata: a metadata commit, no snapshot, no data written. */
  public void setProperty(SparkSession spark, Table table, String key, String value) {
    String name = qualifiedName(spark, table.tableName());
    icebergTable(spark, name).updateProperties().set(key, value).commit();
    LOG.info("{}: {} = {}", name, key, value);
  }

  public boolean exists(SparkSession spark, Table table) {
    return exists(spark, table.tableName());
  }

  public boolean exists(SparkSession spark, String tableName) {
    return spark.catalog().tableExists(qualifiedName(spark, tableName));
  }

  public Dataset<Row> read(SparkSession spark, Table table) {
    Dataset<Row> df =
        readIfExists(spark, table.tableName())
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

  public Optional<Dataset<Row>> readIfExists(SparkSession spark, String tableName) {
    if (!exists(spark, tableName)) {
      return Optional.empty();
    }
    String name = qualifiedName(spark, tableName);
    if (pin == null) {
      return Optional.of(spark.table(name));
    }
    long snapshot = pin.snapshots().getOrDefault(tableName, asOfSnapshot(spark, tableName));
    if (snapshot < 0) {
      // No commit yet when the run finished (an empty write commits nothing): empty, as it was.
      return Optional.of(spark.table(name).where("false"));
    }
    return Optional.of(spark.sql("SELECT * FROM " + name + " VERSION AS OF " + snapshot));
  }

  /**
   * The snapshot a table had when the pinned run finished (the newest committed at or before then),
   * or -1 when it had none: for tables the run read but did not write.
   */
  private long asOfSnapshot(SparkSession spark, String tableName) {
    String name = qualifiedName(spark, tableName);
    if (!spark.catalog().tableExists(name)) {
      return -1;
    }
    long millis = pin.asOf().toEpochMilli();
    org.apache.iceberg.Snapshot best = null;
    for (org.apache.iceberg.Snapshot s : icebergTable(spark, name).snapshots()) {
      if (s.timestampMillis() <= millis
          && (best == null || s.timestampMillis() >= best.timestampMillis())) {
        best = s;
      }
    }
    return best == null ? -1 : best.snapshotId();
  }

  /** Iceberg's own handle on a table, for what Spark SQL does not say (snapshot ids, history). */
  public org.apache.iceberg.Table icebergTable(SparkSession spark, String qualifiedName) {
    try {
      return org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, qualifiedName);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException
        | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("cannot load the Iceberg table " + qualifiedName, e);
    }
  }

  /**
   * Creates the table when missing (all columns nullable: computed datasets differ in what Spark
   * can prove non-null, and a required column would refuse them), or adds the columns {@code
   * schema} has and the table lacks. Returns the table's qualified name.
   */
  private String ensureTable(
      SparkSession spark, String tableName, StructType schema, List<String> partitionBy) {
    if (pin != null) {
      throw new IllegalStateException(
          "the warehouse is pinned to run " + pin.runId() + " and reads only; nothing is written");
    }
    String catalog = catalog(spark);
    String name = qualifiedName(spark, tableName);
    if (!namespaceReady.contains(catalog)) {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
      namespaceReady.add(catalog);
    }
    if (!spark.catalog().tableExists(name)) {
      spark.sql(
          "CREATE TABLE IF NOT EXISTS "
              + name
              + " ("
              + nullable(schema).toDDL()
              + ") USING iceberg"
              + (partitionBy.isEmpty()
                  ? ""
                  : " PARTITIONED BY (" + String.join(", ", partitionBy) + ")")
              + " TBLPROPERTIES ('format-version'='2', 'write.format.default'='parquet',"
              + " 'write.parquet.compression-codec'='zstd', 'write.distribution-mode'='hash')");
      LOG.info("created table {}", name);
    } else {
      evolve(spark, name, schema);
    }
    return name;
  }

  /**
   * Schema evolution: columns a newer newsdrift writes and an existing table lacks are added in
   * place (an Iceberg metadata change; no data file is rewritten, old rows read them as null).
   */
  private static void evolve(SparkSession spark, String name, StructType schema) {
    Set<String> have = Set.of(spark.table(name).columns());
    List<StructField> added =
        Arrays.stream(nullable(schema).fields()).filter(f -> !have.contains(f.name())).toList();
    if (added.isEmpty()) {
      return;
    }
    String ddl =
        added.stream()
            .map(f -> "`" + f.name() + "` " + f.dataType().sql())
            .collect(Collectors.joining(", "));
    LOG.info("adding columns {} to {} (schema evolution, no data rewritten)", ddl, name);
    spark.sql("ALTER TABLE " + name + " ADD COLUMNS (" + ddl + ")");
  }

  private void recordSnapshot(SparkSession spark, String tableName, String name) {
    // One writer per warehouse (WriterLock), so the current snapshot is the one just committed.
    org.apache.iceberg.Snapshot current = icebergTable(spark, name).currentSnapshot();
    if (current != null) {
      committed.put(tableName, current.snapshotId());
    }
  }

  static StructType nullable(StructType schema) {
    return new StructType(
        Arrays.stream(schema.fields())
            .map(f -> new StructField(f.name(), nullable(f.dataType()), true, f.metadata()))
            .toArray(StructField[]::new));
  }

  private static DataType nullable(DataType type) {
    if (type instanceof StructType s) {
      return nullable(s);
    }
    if (type instanceof ArrayType a) {
      return new ArrayType(nullable(a.elementType()), true);
    }
    if (type instanceof MapType m) {
      return new MapType(m.keyType(), nullable(m.valueType()), true);
    }
    return type;
  }

  /**
   * A run's scratch folder ({@code _scratch/<run_id>}, outside every table): reliable checkpoints
   * of jobs on a cluster, removed by {@link #deleteScratch} when the run is done.
   */
  public String scratchPath(String runId) {
    return location("_scratch/" + runId);
  }

  public void deleteScratch(SparkSession spark, String runId) {
    try {
      Path p = new Path(scratchPath(runId));
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch folder " + scratchPath(runId), e);
    }
  }

  private static String shortHash(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
