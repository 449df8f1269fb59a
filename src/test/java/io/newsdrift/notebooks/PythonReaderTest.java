package io.newsdrift.notebooks;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.io.Warehouse;
import io.newsdrift.jobs.DateWindow;
import io.newsdrift.jobs.IngestJob;
import io.newsdrift.jobs.NightlyJob;
import io.newsdrift.jobs.NightlyPlan;
import io.newsdrift.jobs.RunContext;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.PythonTables;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks' reader ({@code notebooks/warehouse.py}, no Spark) reads what Spark reads: every
 * table of a warehouse written by two real nightly runs, now and as the first run left it, value
 * for value; a column added after files were written is NULL in them; delete files are refused; a
 * warehouse moved elsewhere still reads. The later tests change the warehouse, hence the order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter UTC_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final LocalDate START = LocalDate.of(2024, 1, 1);

  private final SparkSession spark = TestSpark.session();
  private Path dir;
  private String root;
  private Warehouse wh;
  private Warehouse.Pin first;
  private Warehouse.Pin second;

  private static Settings fastSettings() {
    return Settings.fromMaps(
        Map.of(),
        Map.of(
            "topics.k", "4",
            "topics.max_iter", "4",
            "topics.stability_check", "false",
            "features.grains", "week",
            "coverage.grains", "week",
            "dedup.bands", "8",
            "dedup.rewrite_threshold", "1.0"),
        "test");
  }

  /**
   * A backfill of the first two weeks of a small demo corpus (every table gets a snapshot), then an
   * ingest of the last three (articles, rejects and duplicates get another; runs a row each).
   */
  @BeforeAll
  void twoRuns(@TempDir Path tmp) throws IOException {
    dir = tmp;
    root = dir.resolve("warehouse").toString();
    DemoCorpusGenerator.generate(new DemoCorpusSpec(100, START, 28, 7L), dir.resolve("corpus"));
    List<SourceSpec> source =
        List.of(
            new SourceSpec(
                dir.resolve("corpus").toUri() + "*.jsonl", InputFormat.JSONL, Mapping.defaults()));
    LocalDate night = START.plusDays(13);
    RunContext nightly = RunContext.start(root, fastSettings(), night, NightlyPlan.NIGHTLY);
    RunLog log = new RunLog(nightly);
    // A backfill of the first two weeks (a nightly would take every date of files it has not read).
    NightlyJob.backfill(nightly, source, START, night, false).run(spark, log);
    log.finish(spark, true, null);
    RunContext ingest = RunContext.start(root, fastSettings(), START.plusDays(27), "ingest");
    log = new RunLog(ingest);
    // From the second week: its partitions are replaced, so manifests list deleted files too.
    new IngestJob(ingest, source, new DateWindow(START.plusDays(7), START.plusDays(27)))
        .run(spark, log);
    log.finish(spark, true, null);
    wh = new Warehouse(root);
    first = pinOf(nightly.runId());
    second = pinOf(ingest.runId());
  }

  /** A pin to a past run (Warehouse.Pin): its own snapshots, else the tables when it finished. */
  private Warehouse.Pin pinOf(String runId) {
    Row run =
        wh.readIfExists(spark, RunLog.TABLE)
            .orElseThrow()
            .filter(col("run_id").equalTo(runId))
            .first();
    Map<String, Long> snapshots = run.getJavaMap(run.fieldIndex("table_snapshots"));
    return new Warehouse.Pin(
        runId, Map.copyOf(snapshots), run.<Timestamp>getAs("finished_at").toInstant());
  }

  private static List<String> tableNames() {
    List<String> names = new ArrayList<>();
    for (Table t : Table.values()) {
      names.add(t.tableName());
    }
    names.add(RunLog.TABLE);
    return names;
  }

  @Test
  @Order(1)
  void everyTableNowAndAsOfTheFirstRunReadsAsSparkReadsIt() {
    PythonTables requests = new PythonTables(dir);
    for (String name : tableNames()) {
      requests.table("now/" + name, root, name, null);
      requests.table("first/" + name, root, name, Map.of("run", first.runId()));
    }
    // runs was not written by a run (it is appended after): as of the second run it is found by
    // time, holding the first run's row only.
    requests.table("second/runs", root, RunLog.TABLE, Map.of("run", second.runId()));
    long attentionSnapshot = first.snapshots().get(Table.THEME_ATTENTION.tableName());
    requests.table(
        "snapshot/theme_attention",
        root,
        Table.THEME_ATTENTION.tableName(),
        Map.of("snapshot", attentionSnapshot));
    requests.snapshots("snapshots/articles", root, Table.ARTICLES.tableName());
    Path metadataFile = newestMetadataFile(Table.ARTICLES.tableName());
    requests.table("metadata/articles", metadataFile.toUri().toString(), null, null);
    Map<String, Map<String, Object>> python = requests.read();

    Warehouse asOfFirst = wh.pinnedTo(first);
    for (String name : tableNames()) {
      assertSameTable("now/" + name, wh.readIfExists(spark, name).orElseThrow(), python);
      // A table with no commit yet when the first run finished reads empty in both.
      assertSameTable("first/" + name, asOfFirst.readIfExists(spark, name).orElseThrow(), python);
    }
    // The as-of reads must show another state than now, or they would prove nothing.
    assertThat(PythonTables.rows(python, "first/articles"))
        .as("articles as of the first run")
        .isNotEmpty()
        .hasSizeLessThan(PythonTables.rows(python, "now/articles").size());
    Dataset<Row> runsAsOfSecond = wh.pinnedTo(second).readIfExists(spark, RunLog.TABLE).get();
    assertThat(runsAsOfSecond.count()).isEqualTo(1);
    assertSameTable("second/runs", runsAsOfSecond, python);
    assertSameTable(
        "snapshot/theme_attention",
        spark.sql(
            "SELECT * FROM "
                + wh.qualifiedName(spark, Table.THEME_ATTENTION.tableName())
                + " VERSION AS OF "
                + attentionSnapshot),
        python);
    assertSameTable("metadata/articles", wh.read(spark, Table.ARTICLES), python);
    assertSameTable(
        "snapshots/articles",
        spark.sql(
            "SELECT snapshot_id, parent_id, committed_at, operation FROM "
                + wh.qualifiedName(spark, Table.ARTICLES.tableName())
                + ".snapshots"),
        python);
    assertThat(PythonTables.rows(python, "snapshots/articles"))
        .as("snapshots of articles")
        .hasSize(2);
  }

  /**
   * A column added (ALTER TABLE ... ADD COLUMNS) after files were written is NULL in their rows and
   * filled in the rows written since; one no file has yet is NULL everywhere, with its type. Time
   * travel shows the columns of the snapshot's own time, as Spark does.
   */
  @Test
  @Order(2)
  void aColumnAddedAfterFilesWereWrittenReadsAsNullInThem() {
    String name = Table.TOPIC_QUALITY.tableName();
    String qualified = wh.qualifiedName(spark, name);
    long before = wh.read(spark, Table.TOPIC_QUALITY).count();
    spark.sql("ALTER TABLE " + qualified + " ADD COLUMNS (reviewed_by string)");
    String columns = String.join(", ", Table.TOPIC_QUALITY.columns());
    spark.sql(
        "INSERT INTO "
            + qualified
            + " ("
            + columns
            + ", reviewed_by) SELECT "
            + columns
            + ", 'an editor' FROM "
            + qualified
            + " WHERE topic_id = -1");
    spark.sql("ALTER TABLE " + qualified + " ADD COLUMNS (review_score double)");
    PythonTables requests = new PythonTables(dir);
    requests.table("now/" + name, root, name, null);
    requests.table("second/" + name, root, name, Map.of("run", second.runId()));
    Map<String, Map<String, Object>> python = requests.read();

    Dataset<Row> now = spark.table(qualified);
    assertSameTable("now/" + name, now, python);
    assertSameTable("second/" + name, wh.pinnedTo(second).read(spark, Table.TOPIC_QUALITY), python);

    Map<String, Object> read = python.get("now/" + name);
    List<String> names = strings(read.get("columns"));
    assertThat(names.subList(names.size() - 2, names.size()))
        .containsExactly("reviewed_by", "review_score");
    assertThat(strings(read.get("dtypes")).get(names.size() - 1)).isEqualTo("float64");
    int reviewedBy = names.indexOf("reviewed_by");
    int reviewScore = names.indexOf("review_score");
    List<List<Object>> rows = PythonTables.rows(python, "now/" + name);
    long inserted = now.filter("reviewed_by IS NOT NULL").count();
    assertThat(inserted).as("rows written after the column was added").isPositive();
    assertThat(rows.stream().filter(r -> r.get(reviewedBy) == null).count())
        .as("rows of files written before reviewed_by existed")
        .isEqualTo(before);
    assertThat(rows.stream().filter(r -> "an editor".equals(r.get(reviewedBy))).count())
        .isEqualTo(inserted);
    assertThat(rows).as("review_score, in no file yet").allMatch(r -> r.get(reviewScore) == null);
    assertThat(strings(python.get("second/" + name).get("columns")))
        .as("as of the second run, before the columns were added")
        .isEqualTo(Table.TOPIC_QUALITY.columns());
  }

  /** A merge-on-read delete leaves delete files, which this reader refuses rather than ignores. */
  @Test
  @Order(3)
  void deleteFilesAreRefusedNotIgnored() {
    String name = Table.TOPIC_TERMS.tableName();
    String qualified = wh.qualifiedName(spark, name);
    spark.sql(
        "ALTER TABLE " + qualified + " SET TBLPROPERTIES ('write.delete.mode'='merge-on-read')");
    spark.sql("DELETE FROM " + qualified + " WHERE rank = 1");
    var snapshot = wh.icebergTable(spark, qualified).currentSnapshot();
    assertThat(snapshot.summary().get("total-delete-files"))
        .as("Spark wrote delete files, so the reader has some to refuse")
        .isNotEqualTo("0");
    PythonTables requests = new PythonTables(dir);
    requests.table("now/" + name, root, name, null);
    requests.table("second/" + name, root, name, Map.of("run", second.runId()));
    Map<String, Map<String, Object>> python = requests.read();

    assertThat((String) python.get("now/" + name).get("error"))
        .startsWith(
            "NotImplementedError: table 'topic_terms' snapshot "
                + snapshot.snapshotId()
                + " has delete files (file:")
        .endsWith(
            "); this reader does not apply deletes: read it with Spark, or rewrite its data files"
                + " first (CALL <catalog>.system.rewrite_data_files)");
    // The snapshot before the delete has none and still reads.
    assertSameTable("second/" + name, wh.pinnedTo(second).read(spark, Table.TOPIC_TERMS), python);
  }

  /**
   * A warehouse copied or moved elsewhere (from S3 to a laptop, say) reads from where it is now,
   * though its metadata names the old place; and without version-hint.text the newest metadata file
   * is read.
   */
  @Test
  @Order(4)
  void aMovedWarehouseReadsFromWhereItIsNow() throws IOException {
    String articles = Table.ARTICLES.tableName();
    Map<String, Dataset<Row>> expected = new LinkedHashMap<>();
    expected.put("now/" + articles, wh.read(spark, Table.ARTICLES).localCheckpoint());
    expected.put(
        "first/" + articles, wh.pinnedTo(first).read(spark, Table.ARTICLES).localCheckpoint());
    expected.put("now/runs", wh.readIfExists(spark, RunLog.TABLE).orElseThrow().localCheckpoint());
    Path moved = Files.move(dir.resolve("warehouse"), dir.resolve("moved-warehouse"));
    Files.delete(moved.resolve("news/articles/metadata/version-hint.text"));

    PythonTables requests = new PythonTables(dir);
    requests.table("now/" + articles, moved.toString(), articles, null);
    requests.table("first/" + articles, moved.toString(), articles, Map.of("run", first.runId()));
    requests.table("now/runs", moved.toString(), RunLog.TABLE, null);
    Map<String, Map<String, Object>> python = requests.read();
    expected.forEach((id, df) -> assertSameTable(id, df, python));
  }

  private Path newestMetadataFile(String table) {
    try (Stream<Path> files = Files.list(Path.of(root, "news", table, "metadata"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("v\\d+\\.metadata\\.json"))
          .max(
              Comparator.comparingInt(
                  f -> Integer.parseInt(f.getFileName().toString().replaceAll("\\D", ""))))
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- comparing

  /**
   * The Python read {@code id} has Spark's columns in order, pandas types that fit them, and the
   * same rows in any order; names the first row and column that differ.
   */
  private static void assertSameTable(
      String id, Dataset<Row> spark, Map<String, Map<String, Object>> python) {
    Map<String, Object> read = python.get(id);
    assertThat(read).as("Python's read %s", id).isNotNull();
    assertThat(read.get("error")).as("Python's error for %s", id).isNull();
    StructType schema = spark.schema();
    List<String> columns = strings(read.get("columns"));
    assertThat(columns).as("%s: columns", id).containsExactly(spark.columns());
    List<String> dtypes = strings(read.get("dtypes"));
    for (int i = 0; i < columns.size(); i++) {
      assertThat(dtypes.get(i))
          .as("%s: pandas type of %s (%s)", id, columns.get(i), schema.fields()[i].dataType())
          .isIn(pandasTypes(schema.fields()[i].dataType()));
    }
    List<List<Object>> expected = new ArrayList<>();
    for (Row r : spark.collectAsList()) {
      List<Object> cells = new ArrayList<>();
      for (int i = 0; i < schema.fields().length; i++) {
        cells.add(canon(r.get(i), schema.fields()[i].dataType()));
      }
      expected.add(cells);
    }
    List<List<Object>> actual = new ArrayList<>();
    for (List<Object> r : PythonTables.rows(python, id)) {
      actual.add(sortedMaps(r));
    }
    expected.sort(Comparator.comparing(PythonReaderTest::json));
    actual.sort(Comparator.comparing(PythonReaderTest::json));
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      for (int c = 0; c < columns.size(); c++) {
        assertThat(json(actual.get(i).get(c)))
            .as("%s: row %d of %d (sorted), column %s", id, i, expected.size(), columns.get(c))
            .isEqualTo(json(expected.get(i).get(c)));
      }
    }
    assertThat(actual).as("%s: rows", id).hasSameSizeAs(expected);
  }

  /** What pandas may hold a column of this Spark type as, after DuckDB. */
  private static Set<String> pandasTypes(DataType type) {
    if (type instanceof StringType) {
      return Set.of("str", "object");
    } else if (type instanceof LongType) {
      return Set.of("int64", "Int64");
    } else if (type instanceof IntegerType) {
      return Set.of("int32", "Int32");
    } else if (type instanceof DoubleType) {
      return Set.of("float64");
    } else if (type instanceof BooleanType) {
      return Set.of("bool", "boolean");
    } else if (type instanceof DateType) {
      return Set.of("datetime64[us]");
    } else if (type instanceof TimestampType) {
      return Set.of("datetime64[us, UTC]");
    }
    return Set.of("object");
  }

  /** A Spark value in read_tables.py's canonical form (see there). */
  private static Object canon(Object v, DataType type) {
    if (v == null) {
      return null;
    } else if (type instanceof StructType struct) {
      Row row = (Row) v;
      Map<String, Object> out = new TreeMap<>();
      StructField[] fields = struct.fields();
      for (int i = 0; i < fields.length; i++) {
        out.put(fields[i].name(), canon(row.get(i), fields[i].dataType()));
      }
      return out;
    } else if (type instanceof ArrayType array) {
      List<Object> out = new ArrayList<>();
      for (Object x : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) v)) {
        out.add(canon(x, array.elementType()));
      }
      return out;
    } else if (type instanceof MapType map) {
      Map<String, Object> out = new TreeMap<>();
      scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Map<?, ?>) v)
          .forEach((k, x) -> out.put((String) canon(k, map.keyType()), canon(x, map.valueType())));
      return out;
    } else if (type instanceof org.apache.spark.sql.types.BinaryType) {
      return java.util.HexFormat.of().formatHex((byte[]) v); // as the Python side shows bytes
    } else if (type instanceof DoubleType || type instanceof FloatType) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return null; // pandas cannot tell NaN from null
      } else if (Double.isInfinite(d)) {
        return d > 0 ? "Infinity" : "-Infinity";
      }
      return d == 0 ? "0" : new BigDecimal(d).toPlainString();
    } else if (type instanceof DateType) {
      return v instanceof java.sql.Date d ? d.toLocalDate().toString() : v.toString();
    } else if (type instanceof TimestampType) {
      return UTC_MICROS.format(v instanceof Timestamp t ? t.toInstant() : (Instant) v);
    }
    return v.toString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return (List<String>) list;
  }

  /** Parsed JSON with its objects' keys sorted, as canon's. */
  @SuppressWarnings("unchecked")
  private static <T> T sortedMaps(T v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, x) -> out.put((String) k, sortedMaps(x)));
      return (T) out;
    } else if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(sortedMaps(x)));
      return (T) out;
    }
    return v;
  }

  private static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
