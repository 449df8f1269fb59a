package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.Settings;
import io.newsdrift.demo.DemoCorpus;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.demo.PlantedSyndication;
import io.newsdrift.features.DistinctiveTerms;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Periods;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental {@code coverage} run leaves its tables exactly as a full run over the final state
 * does. A demo corpus (with planted shifts and syndicated copies) is split into what an earlier
 * night had (A) and what a later one brings (B): two new weeks, late articles on three days inside
 * A's weeks and months, one outlet's articles of the week before the new ones (after a two-week
 * hole in its feed, so that the hole's periods, which no changed date touches, become {@code
 * missing} rows), and a few syndicated copies of A whose duplicate cluster was only found later
 * (they stood alone in A). Coverage runs in full over A, B is written, and coverage runs
 * incrementally over B's dates and the re-clustered copies' dates; then the coverage tables are
 * dropped and a full run over the same final inputs is the reference: every row and column of the
 * five coverage tables must match. The incremental run's scans of {@code articles} must have been
 * pruned to the changed dates' files, and a run with no changed date must write nothing.
 *
 * <p>{@code doc_topics} and {@code distinctive_terms} are made up here (features and topics own the
 * real ones): topic weights from a hash of the article id, with topic 3 raised by the word
 * "ukraine" in a title so that a planted shift shows in a topic too, and "new terms" that name the
 * article counts of the period and of the period before it, as {@code period_vs_previous} depends
 * on the preceding periods. Doubles derived from theme counts must be identical; those derived from
 * topic weights may differ by 1e-12, as Spark sums a mean's terms in an order that depends on how
 * the rows are split into files and tasks (two full runs over differently written tables differ the
 * same way).
 */
class IncrementalCoverageTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate NEW_FROM = START.plusDays(70); // Monday 2024-03-11
  private static final List<LocalDate> LATE_DAYS =
      List.of(START.plusDays(9), START.plusDays(38), START.plusDays(66));
  private static final String GAPPED = "coast-courier";
  private static final LocalDate HOLE_FROM = START.plusDays(49); // weeks of 02-19 and 02-26
  private static final LocalDate HOLE_TO = START.plusDays(63); // its articles return 03-04
  private static final double TOPIC_TOLERANCE = 1e-12;

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private static Settings settings() {
    return Settings.fromMaps(
        Map.of(),
        Map.of(
            "coverage.grains", "week,month",
            "coverage.min_articles", "5",
            "coverage.thin_fraction", "0.5"),
        "test");
  }

  @Test
  void anIncrementalRunLeavesEveryCoverageTableAsAFullRunOverTheFinalStateDoes()
      throws IOException {
    DemoCorpus corpus =
        DemoCorpusGenerator.generate(new DemoCorpusSpec(1200, START, 84, 42L), dir.resolve("c"));
    Dataset<Row> fin = finalArticles(corpus).localCheckpoint();
    // B: the new weeks, late articles, the gapped outlet's return; and copies re-clustered.
    Column late =
        col(Cols.DATE)
            .isin(LATE_DAYS.stream().map(java.sql.Date::valueOf).toArray())
            .and(expr("pmod(xxhash64(article_id), 3) = 0"));
    Column returned =
        col(Cols.OUTLET).equalTo(GAPPED).and(col(Cols.DATE).geq(java.sql.Date.valueOf(HOLE_TO)));
    Column inB = col(Cols.DATE).geq(java.sql.Date.valueOf(NEW_FROM)).or(late).or(returned);
    List<String> reclustered =
        fin.filter(col(Cols.IS_CANONICAL).equalTo(false))
            .filter(
                col(Cols.DATE)
                    .between("2024-01-15", "2024-01-21")
                    .or(col(Cols.DATE).between("2024-02-12", "2024-02-18")))
            .select(Cols.ARTICLE_ID)
            .as(Encoders.STRING())
            .collectAsList();
    assertThat(reclustered).as("syndicated copies in two weeks of A").hasSize(2);
    Column isReclustered = col(Cols.ARTICLE_ID).isin(reclustered.toArray());
    Dataset<Row> a =
        fin.filter(not(inB))
            .withColumn(
                Cols.DUP_CLUSTER_ID,
                when(isReclustered, col(Cols.ARTICLE_ID)).otherwise(col(Cols.DUP_CLUSTER_ID)))
            .withColumn(Cols.IS_CANONICAL, isReclustered.or(col(Cols.IS_CANONICAL)));
    Set<LocalDate> touchedDates = new TreeSet<>();
    for (Row r : fin.filter(inB.or(isReclustered)).select(Cols.DATE).distinct().collectAsList()) {
      touchedDates.add(r.getDate(0).toLocalDate());
    }
    TouchedDates touched = TouchedDates.of(touchedDates);

    // The warehouse that runs incrementally; its scans of articles are recorded.
    Warehouse wh = new Warehouse(dir.resolve("incremental").toString());
    spark
        .conf()
        .set(
            "spark.sql.catalog." + wh.catalog(spark) + ".metrics-reporter-impl",
            ScanRecorder.class.getName());
    RunContext ctx = RunContext.start(wh.root(), settings(), null, "coverage");
    writeInputs(wh, a);
    coverage(ctx, TouchedDates.all());
    Map<Table, List<Row>> afterA = tables(wh, Table.THEME_ATTENTION, Table.SHIFTS);

    Column onTouched = touched.contains(col(Cols.DATE));
    wh.write(spark, Table.ARTICLES, fin.filter(onTouched));
    wh.write(spark, Table.DOC_TOPICS, docTopics(fin.filter(onTouched)));
    wh.write(spark, Table.DISTINCTIVE_TERMS, distinctiveTerms(fin));
    ScanRecorder.REPORTS.clear();
    long started = System.nanoTime();
    coverage(ctx, touched);
    double incrementalSeconds = (System.nanoTime() - started) / 1e9;
    List<ScanReport> scans = new ArrayList<>(ScanRecorder.REPORTS);
    Map<Table, List<Row>> incremental = tables(wh, COMPARED.toArray(Table[]::new));

    // The reference: the coverage tables dropped, and a full run over the same final inputs.
    for (Table t : COMPARED) {
      spark.sql("DROP TABLE " + wh.qualifiedName(spark, t.tableName()) + " PURGE");
    }
    started = System.nanoTime();
    coverage(ctx, TouchedDates.all());
    double fullSeconds = (System.nanoTime() - started) / 1e9;
    Map<Table, List<Row>> full = tables(wh, COMPARED.toArray(Table[]::new));
    System.out.printf(
        "IncrementalCoverageTest: %d of 84 dates touched; incremental %.1f s, full %.1f s%n",
        touchedDates.size(), incrementalSeconds, fullSeconds);

    for (Table t : COMPARED) {
      assertThat(full.get(t)).as("rows of %s in the full run", t.tableName()).isNotEmpty();
      assertSame(t, full.get(t), incremental.get(t));
    }
    assertThat(full.get(Table.SHIFTS))
        .as("change points flagged in the final state")
        .anyMatch(r -> !"none".equals(r.getAs(Cols.FLAG)));

    // The test reaches beyond the touched periods: rows there changed between A and the final
    // state (the gapped outlet's missing periods, baselines and change points of later periods),
    // so a run that rewrote only the touched periods would fail it.
    for (Table t : List.of(Table.THEME_ATTENTION, Table.SHIFTS)) {
      assertThat(changedOutside(t, afterA.get(t), full.get(t), touched))
          .as("rows of %s outside the touched periods that B changed", t.tableName())
          .isNotEmpty();
    }
    assertThat(
            changedOutside(
                Table.THEME_ATTENTION,
                afterA.get(Table.THEME_ATTENTION),
                full.get(Table.THEME_ATTENTION),
                touched))
        .as("the gapped outlet's missing weeks, added though no changed date is in them")
        .contains("week 2024-02-19 " + GAPPED, "week 2024-02-26 " + GAPPED);

    // Only the touched dates' articles were read: every scan of articles was pruned to the files
    // of those dates, fewer than the table has.
    List<ScanReport> articleScans =
        scans.stream().filter(s -> s.tableName().endsWith(".articles")).toList();
    assertThat(articleScans).as("scans of articles by the incremental run").isNotEmpty();
    long touchedFiles = dataFiles(wh, Table.ARTICLES, onTouched);
    long allFiles = dataFiles(wh, Table.ARTICLES, lit(true));
    assertThat(touchedFiles).isLessThan(allFiles);
    for (ScanReport s : articleScans) {
      assertThat(s.scanMetrics().resultDataFiles().value())
          .as("data files of articles read by a scan with filter %s", s.filter())
          .isLessThanOrEqualTo(touchedFiles);
    }

    // A run that changed no date writes nothing.
    Map<Table, Long> snapshots = snapshots(wh);
    coverage(ctx, TouchedDates.of(List.of()));
    assertThat(snapshots(wh)).as("snapshots after a run with no changed date").isEqualTo(snapshots);

    // A run killed between the topic_prevalence and outlet_divergence commits: topic_prevalence
    // is new, outlet_divergence of a touched week still the old one. The next run, given the
    // killed night's dates again, finds topic_prevalence unchanged and must still repair
    // outlet_divergence (DriverKillIT found it left behind for good).
    Column staleWeek =
        col(Cols.GRAIN)
            .equalTo("week")
            .and(col(Cols.PERIOD_START).equalTo(java.sql.Date.valueOf(NEW_FROM)));
    wh.replace(
        spark,
        Table.OUTLET_DIVERGENCE,
        wh.read(spark, Table.OUTLET_DIVERGENCE)
            .filter(staleWeek)
            .withColumn(Cols.JS_DIVERGENCE, col(Cols.JS_DIVERGENCE).multiply(0.5)),
        staleWeek);
    assertThat(wh.read(spark, Table.OUTLET_DIVERGENCE).filter(staleWeek).count())
        .as("outlet_divergence rows of the stale week")
        .isPositive();
    coverage(ctx, touched);
    assertSame(
        Table.OUTLET_DIVERGENCE,
        full.get(Table.OUTLET_DIVERGENCE),
        wh.read(spark, Table.OUTLET_DIVERGENCE).collectAsList());
  }

  private Map<Table, Long> snapshots(Warehouse wh) {
    Map<Table, Long> out = new HashMap<>();
    for (Table t : COMPARED) {
      out.put(
          t,
          wh.icebergTable(spark, wh.qualifiedName(spark, t.tableName()))
              .currentSnapshot()
              .snapshotId());
    }
    return out;
  }

  private void coverage(RunContext ctx, TouchedDates touched) {
    RunLog log = new RunLog(ctx);
    new CoverageJob(ctx, touched).run(spark, log);
  }

  private void writeInputs(Warehouse wh, Dataset<Row> articles) {
    wh.write(spark, Table.ARTICLES, articles);
    wh.write(spark, Table.DOC_TOPICS, docTopics(articles));
    wh.write(spark, Table.DISTINCTIVE_TERMS, distinctiveTerms(articles));
  }

  // ---- the final state, made up where other stages own the tables

  /** The corpus as ingest would leave it: each syndicated copy in its original's cluster. */
  private Dataset<Row> finalArticles(DemoCorpus corpus) {
    List<Row> copies = new ArrayList<>();
    for (PlantedSyndication s : corpus.syndications()) {
      copies.add(RowFactory.create(s.copyId(), s.originalId()));
    }
    Dataset<Row> clusters =
        spark.createDataFrame(
            copies, new StructType().add("_copy", "string").add("_original", "string"));
    return spark
        .read()
        .schema("id string, outlet string, url string, title string, text string, date string")
        .option("pathGlobFilter", "*.jsonl")
        .json(corpus.dir().toString())
        .join(clusters, col("id").equalTo(col("_copy")), "left")
        // The hole in one outlet's feed.
        .filter(
            col("outlet")
                .notEqual(GAPPED)
                .or(expr("substr(date, 1, 10)").lt(HOLE_FROM.toString()))
                .or(expr("substr(date, 1, 10)").geq(HOLE_TO.toString())))
        .select(
            col("id").as(Cols.ARTICLE_ID),
            col("outlet").as(Cols.OUTLET),
            col("url").as(Cols.URL),
            col("title").as(Cols.TITLE),
            col("text").as(Cols.TEXT),
            expr("to_timestamp(date)").as(Cols.PUBLISHED_AT),
            expr("to_date(substr(date, 1, 10))").as(Cols.DATE),
            lit("en").as(Cols.LANGUAGE),
            expr("size(split(text, ' '))").as(Cols.WORD_COUNT),
            lit("demo").as(Cols.SOURCE_URI),
            lit(0L).as(Cols.RECORD_POSITION),
            expr("sha2(text, 256)").as(Cols.CONTENT_HASH),
            expr("coalesce(_original, id)").as(Cols.DUP_CLUSTER_ID),
            col("_original").isNull().as(Cols.IS_CANONICAL),
            lit("test").as(Cols.RUN_ID));
  }

  /** Four topics with stable ids 3, 7, 11 and 20; "ukraine" in a title raises topic 3. */
  private static Dataset<Row> docTopics(Dataset<Row> articles) {
    String w = "(0.2 + pmod(xxhash64(article_id, %d), 1000) / 1000.0)";
    String raw =
        "array("
            + String.format(w, 3)
            + " + CASE WHEN lower(title) LIKE '%ukraine%' THEN 2.0 ELSE 0.0 END, "
            + String.format(w, 7)
            + ", "
            + String.format(w, 11)
            + ", "
            + String.format(w, 20)
            + ")";
    return articles
        .select(col(Cols.ARTICLE_ID), col(Cols.OUTLET), col(Cols.DATE), expr(raw).as("_raw"))
        .withColumn(
            Cols.TOPIC_DISTRIBUTION,
            expr("transform(_raw, x -> x / aggregate(_raw, 0D, (s, y) -> s + y))"))
        .withColumn(Cols.MODEL_ID, lit("test-model"))
        .withColumn(Cols.TOPIC_IDS, expr("array(3, 7, 11, 20)"))
        .withColumn(Cols.TOP_TOPIC_WEIGHT, expr("array_max(topic_distribution)"))
        .withColumn(
            Cols.TOP_TOPIC,
            expr("element_at(topic_ids, cast(array_position(topic_distribution, top_topic_weight) AS INT))")
                .cast("int"));
  }

  /**
   * "New terms" per grain, period and outlet (and {@code ALL}): the period's article count and the
   * preceding period's, so that a late article changes the terms of the period after its own.
   */
  private static Dataset<Row> distinctiveTerms(Dataset<Row> articles) {
    Dataset<Row> counts =
        Periods.withAllOutlets(
                Periods.withPeriods(articles, List.of(Grain.DAY, Grain.WEEK, Grain.MONTH)))
            .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
            .count()
            .withColumn(
                "_before",
                org.apache
                    .spark
                    .sql
                    .functions
                    .lag(col("count"), 1)
                    .over(Window.partitionBy(Cols.GRAIN, Cols.OUTLET).orderBy(Cols.PERIOD_START)));
    return counts
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            expr("array(named_struct('term', concat('now', count), 'rank', 1),"
                    + " named_struct('term', concat('before', coalesce(_before, 0)), 'rank', 2))")
                .as("_terms"))
        .withColumn("_t", explode(col("_terms")))
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            lit(DistinctiveTerms.PERIOD_VS_PREVIOUS).as(Cols.COMPARISON),
            col(Cols.OUTLET),
            col("_t.term").as(Cols.TERM),
            lit(1.0).as(Cols.LOG_ODDS),
            lit(3.0).as(Cols.Z_SCORE),
            lit(1L).as(Cols.COUNT),
            col("_t.rank").cast("int").as(Cols.RANK));
  }

  // ---- comparing

  private static final List<Table> COMPARED =
      List.of(
          Table.THEME_ATTENTION,
          Table.TOPIC_PREVALENCE,
          Table.OUTLET_DIVERGENCE,
          Table.SHIFTS,
          Table.THEME_MATCHES);

  /** The columns that identify a row of each compared table. */
  private static final Map<Table, List<String>> KEYS =
      Map.of(
          Table.THEME_MATCHES,
          List.of(Cols.DATE, Cols.OUTLET, Cols.DUP_CLUSTER_ID, Cols.THEMES),
          Table.THEME_ATTENTION,
          List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.THEME),
          Table.TOPIC_PREVALENCE,
          List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.MODEL_ID, Cols.TOPIC_ID),
          Table.OUTLET_DIVERGENCE,
          List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.MODEL_ID, Cols.OUTLET_A, Cols.OUTLET_B),
          Table.SHIFTS,
          List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.SUBJECT_TYPE, Cols.SUBJECT));

  private Map<Table, List<Row>> tables(Warehouse wh, Table... tables) {
    Map<Table, List<Row>> out = new HashMap<>();
    for (Table t : tables) {
      out.put(t, wh.read(spark, t).collectAsList());
    }
    return out;
  }

  private static String key(Table t, Row r) {
    List<String> parts = new ArrayList<>();
    for (String c : KEYS.get(t)) {
      parts.add(String.valueOf(r.<Object>getAs(c)));
    }
    return String.join(" ", parts);
  }

  private static Map<String, Row> byKey(Table t, List<Row> rows) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : rows) {
      assertThat(out.put(key(t, r), r)).as("one row of %s per %s", t, key(t, r)).isNull();
    }
    return out;
  }

  /** Whether a table's doubles may differ in the last bits: those that come from topic weights. */
  private static boolean fromTopics(Table t, Row r) {
    return t == Table.TOPIC_PREVALENCE
        || t == Table.OUTLET_DIVERGENCE
        || (t == Table.SHIFTS && "topic".equals(r.getAs(Cols.SUBJECT_TYPE)));
  }

  /**
   * Every row and column the same, naming the first row and column that differ; prints how many
   * doubles from topic weights were equal within the tolerance but not bit for bit.
   */
  private static void assertSame(Table t, List<Row> expected, List<Row> actual) {
    Map<String, Row> want = byKey(t, expected);
    Map<String, Row> got = byKey(t, actual);
    Set<String> missing = new TreeSet<>(want.keySet());
    missing.removeAll(got.keySet());
    Set<String> extra = new TreeSet<>(got.keySet());
    extra.removeAll(want.keySet());
    assertThat(missing).as("rows of %s that the incremental run lacks", t.tableName()).isEmpty();
    assertThat(extra).as("rows of %s that only the incremental run has", t.tableName()).isEmpty();
    int inexact = 0;
    double largest = 0;
    for (Map.Entry<String, Row> e : want.entrySet()) {
      Row w = e.getValue();
      Row g = got.get(e.getKey());
      for (String c : t.columns()) {
        Object x = w.getAs(c);
        Object y = g.getAs(c);
        String what = t.tableName() + " row " + e.getKey() + ", column " + c;
        if (x instanceof Double dx && y instanceof Double dy && fromTopics(t, w)) {
          assertThat(dy).as(what).isCloseTo(dx, Offset.offset(TOPIC_TOLERANCE));
          inexact += Double.doubleToLongBits(dx) == Double.doubleToLongBits(dy) ? 0 : 1;
          largest = Math.max(largest, Math.abs(dx - dy));
        } else {
          assertThat(String.valueOf(y)).as(what).isEqualTo(String.valueOf(x));
          if (x instanceof Double dx) {
            assertThat(Double.doubleToLongBits((Double) y))
                .as("%s, bit for bit", what)
                .isEqualTo(Double.doubleToLongBits(dx));
          }
        }
      }
    }
    System.out.printf(
        "IncrementalCoverageTest: %s equal, %d rows; %d doubles not bit-identical, at most %.1e"
            + " apart%n",
        t.tableName(), expected.size(), inexact, largest);
  }

  /** The keys of rows outside the touched periods that differ between two states of a table. */
  private static Set<String> changedOutside(
      Table t, List<Row> before, List<Row> after, TouchedDates touched) {
    Map<String, Set<LocalDate>> periods = new HashMap<>();
    for (Grain g : Grain.values()) {
      periods.put(g.label(), touched.periodStarts(g));
    }
    Map<String, Row> x = byKey(t, before);
    Map<String, Row> y = byKey(t, after);
    Set<String> keys = new TreeSet<>(x.keySet());
    keys.addAll(y.keySet());
    Set<String> out = new TreeSet<>();
    for (String k : keys) {
      Row r = y.containsKey(k) ? y.get(k) : x.get(k);
      LocalDate start = r.getDate(r.fieldIndex(Cols.PERIOD_START)).toLocalDate();
      if (periods.get(r.<String>getAs(Cols.GRAIN)).contains(start)) {
        continue;
      }
      if (!String.valueOf(x.get(k)).equals(String.valueOf(y.get(k)))) {
        out.add(r.getAs(Cols.GRAIN) + " " + start + " " + r.getAs(Cols.OUTLET));
      }
    }
    return out;
  }

  private long dataFiles(Warehouse wh, Table t, Column partitions) {
    return spark
        .table(wh.qualifiedName(spark, t.tableName()) + ".files")
        .select(col("partition." + Cols.DATE).as(Cols.DATE))
        .filter(partitions)
        .count();
  }

  /** Iceberg's scan reports of the incremental warehouse's catalog (planned on the driver). */
  public static final class ScanRecorder implements MetricsReporter {
    static final List<ScanReport> REPORTS = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void report(MetricsReport report) {
      if (report instanceof ScanReport s) {
        REPORTS.add(s);
      }
    }
  }
}
