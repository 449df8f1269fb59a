package io.newsdrift.jobs;

import io.newsdrift.io.FileDigest;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.HaltPoints;
import io.newsdrift.spark.JobGroups;
import io.newsdrift.spark.JvmOverhead;
import io.newsdrift.spark.Rows;
import io.newsdrift.spark.Secrets;
import io.newsdrift.spark.SparkWork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest of one run, appended to the {@code runs} table when the run ends, whether it
 * succeeded or failed: command, logical dates, timings per stage, input files with sizes and
 * checksums, record accounting, config hash, code version, seeds and model id. Never holds secrets:
 * only settings of {@code Keys} enter the config hash, never Spark or Hadoop options.
 */
public final class RunLog {
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);
  public static final String TABLE = "runs";

  private static final StructType FILE =
      new StructType()
          .add("uri", DataTypes.StringType)
          .add("bytes", DataTypes.LongType)
          .add("crc32", DataTypes.StringType)
          .add("records", DataTypes.LongType);

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("command", DataTypes.StringType, false)
          .add("logical_date", DataTypes.DateType, true)
          .add("date_from", DataTypes.DateType, true)
          .add("date_to", DataTypes.DateType, true)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, false)
          .add("status", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, true)
          .add("input_files", DataTypes.createArrayType(FILE), true)
          .add("records_in", DataTypes.LongType, true)
          .add("accepted", DataTypes.LongType, true)
          .add("rejected", DataTypes.LongType, true)
          .add("exact_duplicates", DataTypes.LongType, true)
          .add("near_duplicates", DataTypes.LongType, true)
          .add("outside_window", DataTypes.LongType, true)
          .add("config_hash", DataTypes.StringType, false)
          .add("code_version", DataTypes.StringType, false)
          .add("seeds", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
          .add("model_id", DataTypes.StringType, true)
          .add(
              "stage_seconds",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
              true)
          // The Iceberg snapshot each table this run wrote was left at: report --as-of reads them.
          .add(
              "table_snapshots",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
              true);

  private final RunContext ctx;
  private final Instant started = Instant.now();
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private final Map<String, Long> seeds = new LinkedHashMap<>();
  private final List<FileDigest> files = new ArrayList<>();
  private Accounting accounting;
  private String modelId;
  private LocalDate dateFrom;
  private LocalDate dateTo;
  private final Optional<SparkWork.Totals> sparkAtStart;

  public RunLog(RunContext ctx) {
    this.ctx = ctx;
    this.sparkAtStart = SparkWork.ofActiveSession().map(SparkWork::totals);
  }

  /** Runs one stage and records how long it took; logs the Spark work it did. */
  public <T> T stage(String name, Supplier<T> work) {
    HaltPoints.reach("stage:" + name);
    long start = System.nanoTime();
    Optional<SparkWork> spark = SparkWork.ofActiveSession();
    Optional<SparkWork.Totals> before = spark.map(SparkWork::totals);
    try {
      return work.get();
    } finally {
      double seconds = (System.nanoTime() - start) / 1e9;
      stageSeconds.merge(name, seconds, Double::sum);
      LOG.info(
          "stage {} took {} s{}",
          name,
          String.format(Locale.ROOT, "%.1f", seconds),
          spark.map(w -> " (" + w.totals().minus(before.get()) + ")").orElse(""));
    }
  }

  /** Runs a stage without a result. */
  public void stage(String name, Runnable work) {
    stage(
        name,
        () -> {
          work.run();
          return null;
        });
  }

  /** Runs one stage with its Spark jobs labelled with the description ({@link JobGroups}). */
  public <T> T stage(SparkSession spark, String name, String description, Supplier<T> work) {
    return stage(name, () -> JobGroups.describe(spark, description, work));
  }

  /** As {@link #stage(SparkSession, String, String, Supplier)}, without a result. */
  public void stage(SparkSession spark, String name, String description, Runnable work) {
    stage(name, () -> JobGroups.describe(spark, description, work));
  }

  /**
   * Runs a stage that writes one table: timed under the table's name, its Spark jobs labelled with
   * the description, and what it computes written to the warehouse.
   */
  public void writeStage(
      SparkSession spark, String description, Table table, Supplier<Dataset<Row>> compute) {
    stage(
        spark,
        table.tableName(),
        description,
        () -> ctx.warehouse().write(spark, table, compute.get()));
  }

  /**
   * As {@link #writeStage}, but what it computes replaces only the table's rows matching {@code
   * replaced}, in the partitions {@code partitions} names ({@link
   * io.newsdrift.io.Warehouse#replace(SparkSession, Table, Dataset, Column, Column)}).
   */
  public void replaceStage(
      SparkSession spark,
      String description,
      Table table,
      Supplier<Dataset<Row>> compute,
      Column replaced,
      Column partitions) {
    stage(
        spark,
        table.tableName(),
        description,
        () -> ctx.warehouse().replace(spark, table, compute.get(), replaced, partitions));
  }

  public void accounting(Accounting a) {
    this.accounting = a;
  }

  public void files(List<FileDigest> digests) {
    files.addAll(digests);
  }

  public void seed(String name, long seed) {
    seeds.put(name, seed);
  }

  public void modelId(String id) {
    this.modelId = id;
  }

  public void dateRange(LocalDate from, LocalDate to) {
    this.dateFrom = from;
    this.dateTo = to;
  }

  /** Appends the manifest; failures to write it are logged, never hide the run's own outcome. */
  public void finish(SparkSession spark, boolean succeeded, String failure) {
    LOG.info("this JVM (the driver; in local mode the executors too): {}", JvmOverhead.summary());
    // The run's fixed part follows its number of queries, not its data (issue 30's measure).
    sparkAtStart.ifPresent(
        before ->
            LOG.info(
                "run {}: {}",
                ctx.runId(),
                SparkWork.of(spark.sparkContext()).totals().minus(before)));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    // The message is kept in runs and may come from an exception: never with a secret in it.
    String message = Secrets.redact(failure, hadoop);
    try {
      Row[] fileRows =
          files.stream()
              .map(f -> RowFactory.create(f.uri(), f.bytes(), f.crc32(), f.records()))
              .toArray(Row[]::new);
      Row row =
          RowFactory.create(
              ctx.runId(),
              ctx.command(),
              ctx.logicalDate(),
              dateFrom,
              dateTo,
              started,
              Instant.now(),
              succeeded ? "succeeded" : "failed",
              message,
              fileRows,
              accounting == null ? null : accounting.records(),
              accounting == null ? null : accounting.accepted(),
              accounting == null ? null : accounting.rejected(),
              accounting == null ? null : accounting.exactDuplicates(),
              accounting == null ? null : accounting.nearDuplicates(),
              accounting == null ? null : accounting.outsideWindow(),
              ctx.settings().hash(),
              codeVersion(),
              Rows.map(seeds),
              modelId,
              Rows.map(stageSeconds),
              Rows.map(ctx.warehouse().committedSnapshots()));
      Dataset<Row> df = spark.createDataFrame(List.of(row), SCHEMA).coalesce(1);
      HaltPoints.reach("runs-row");
      try {
        ctx.warehouse().append(spark, TABLE, df);
      } catch (Exception e) { // S3A's IOExceptions escape Spark unchecked
        // The warehouse is unreachable (often the very failure being recorded): keep the
        // manifest on the driver's disk; the next run appends it.
        Path file = spoolFile(ctx.warehouse(), ctx.runId());
        Files.createDirectories(file.getParent());
        Files.writeString(file, df.toJSON().first(), StandardCharsets.UTF_8);
        LOG.error(
            "could not append run {} to the runs table of {} ({}); kept it in {} for the next run",
            ctx.runId(),
            ctx.warehouse().root(),
            Secrets.redact(e.getMessage(), hadoop),
            file);
      }
    } catch (RuntimeException | IOException e) {
      LOG.error("could not record run {} in the runs table", ctx.runId(), e);
    }
  }

  /**
   * Appends the manifests of earlier runs that could not reach this warehouse (see {@link
   * #finish}); each is deleted once appended. Failures leave them for the run after.
   */
  public static void appendSpooled(SparkSession spark, Warehouse warehouse) {
    Path dir = spoolDir();
    String prefix = warehouseKey(warehouse) + "__";
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        Dataset<Row> row =
            spark.read().schema(SCHEMA).json(spark.createDataset(List.of(json), Encoders.STRING()));
        warehouse.append(spark, TABLE, row.coalesce(1));
        Files.delete(file);
        LOG.info("appended the manifest {} of an earlier run to the runs table", file);
      }
    } catch (Exception e) {
      LOG.warn("could not append earlier runs' manifests from {}: {}", dir, e.getMessage());
    }
  }

  /** Where manifests wait: {@code $NEWSDRIFT_RUNS_SPOOL}, else {@code <tmp>/newsdrift-runs}. */
  static Path spoolDir() {
    String env = System.getenv("NEWSDRIFT_RUNS_SPOOL");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("java.io.tmpdir"), "newsdrift-runs");
  }

  private static Path spoolFile(Warehouse warehouse, String runId) {
    return spoolDir().resolve(warehouseKey(warehouse) + "__" + runId + ".json");
  }

  private static String warehouseKey(Warehouse warehouse) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(warehouse.root().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The project version baked into the jar at build time. */
  public static String codeVersion() {
    try (InputStream in = RunLog.class.getResourceAsStream("/io/newsdrift/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Where every input record went. {@code records == accepted + rejected + exactDuplicates +
   * nearDuplicates + outsideWindow} always holds; ingest proves it record by record before it
   * writes. {@code outsideWindow} counts valid articles dated outside the run's {@link DateWindow}
   * (another night processes them).
   */
  public record Accounting(
      long records,
      long accepted,
      long rejected,
      long exactDuplicates,
      long nearDuplicates,
      long outsideWindow) {

    /** A run that read every date (ingest, demo). */
    public Accounting(
        long records, long accepted, long rejected, long exactDuplicates, long nearDuplicates) {
      this(records, accepted, rejected, exactDuplicates, nearDuplicates, 0);
    }

    /** The sum as a sentence, for messages. */
    public String summary() {
      long sum = accepted + rejected + exactDuplicates + nearDuplicates + outsideWindow;
      return records
          + " records in, accepted "
          + accepted
          + " + rejected "
          + rejected
          + " + exact duplicates "
          + exactDuplicates
          + " + near duplicates "
          + nearDuplicates
          + " + outside the date window "
          + outsideWindow
          + " = "
          + sum;
    }
  }
}
