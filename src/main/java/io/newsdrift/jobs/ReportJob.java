package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.io.ModelStore;
import io.newsdrift.io.Warehouse;
import io.newsdrift.report.HtmlReport;
import io.newsdrift.report.ReportData;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code report --out DIR}: one self-contained HTML page ({@code DIR/index.html}) over the output
 * tables: the latest run's accounting, recent flagged shifts with their terms, weekly attention by
 * theme for all outlets and the five largest, topic prevalence by outlet, and syndication. Only
 * small aggregates (bounded by periods, themes, topics and a few outlets) reach the driver.
 */
public final class ReportJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
  private static final int SHIFTS_SHOWN = 12;
  private static final int OUTLETS_CHARTED = 5;
  private static final int OUTLETS_IN_HEATMAP = 10;
  private static final int PAIRS_SHOWN = 15;
  private static final String GRAIN = "week";

  private final RunContext ctx;
  private final String outDir;

  public ReportJob(RunContext ctx, String outDir) {
    this.ctx = ctx;
    this.outDir = outDir;
  }

  /**
   * Writes the report; returns its path. A chart without data (no articles or no topic model yet)
   * is left empty with one WARN line naming it.
   */
  public String run(SparkSession spark) {
    ReportData data =
        new ReportData(
            ctx.warehouse().root(),
            latestRun(spark),
            stageSeconds(spark),
            shifts(spark),
            attention(spark),
            prevalence(spark),
            syndication(spark));
    List<String> empty = new ArrayList<>();
    if (data.attention().isEmpty()) {
      empty.add("theme attention (no weekly theme_attention rows: no articles or no coverage run)");
    }
    if (data.prevalence().isEmpty()) {
      empty.add(
          topicModel(spark).isEmpty()
              ? "topic prevalence (no topic model yet)"
              : "topic prevalence (no weekly period with enough articles, coverage.min_articles)");
    }
    if (!empty.isEmpty()) {
      LOG.warn("report: left empty: {}", String.join("; ", empty));
    }
    Path file = new Path(outDir, "index.html");
    byte[] html = HtmlReport.render(data).getBytes(StandardCharsets.UTF_8);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      // A local report is a plain file for people: no Hadoop .crc beside it.
      FileSystem target = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
      try (FSDataOutputStream out = target.create(file, true)) {
        out.write(html);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file, e);
    }
    return file.toString();
  }

  /** The latest run, or with {@code --as-of} the run the report shows the tables of. */
  private Optional<Row> latestRunRow(SparkSession spark) {
    Optional<Warehouse.Pin> pin = ctx.warehouse().pin();
    // A run's own row is appended after it finished, so it is read from the current runs table.
    return ctx.warehouse()
        .unpinned()
        .readIfExists(spark, RunLog.TABLE)
        .map(r -> pin.map(p -> r.filter(col("run_id").equalTo(p.runId()))).orElse(r))
        .map(r -> r.orderBy(col("started_at").desc()).limit(1).collectAsList())
        .flatMap(rows -> rows.stream().findFirst());
  }

  /**
   * The topic model whose prevalence is charted: the current one, or with {@code --as-of} the one
   * the newest run up to that run used.
   */
  private Optional<String> topicModel(SparkSession spark) {
    Optional<Warehouse.Pin> pin = ctx.warehouse().pin();
    if (pin.isEmpty()) {
      return new ModelStore(ctx.warehouse()).currentTopicModel(spark);
    }
    return ctx.warehouse()
        .unpinned()
        .readIfExists(spark, RunLog.TABLE)
        .flatMap(
            runs ->
                runs
                    .filter(
                        col("finished_at")
                            .leq(functions.lit(java.sql.Timestamp.from(pin.get().asOf())))
                            .and(col("model_id").isNotNull()))
                    .orderBy(col("finished_at").desc())
                    .select("model_id")
                    .limit(1)
                    .collectAsList()
                    .stream()
                    .findFirst()
                    .map(r -> r.getString(0)));
  }

  private Map<String, String> latestRun(SparkSession spark) {
    Map<String, String> out = new LinkedHashMap<>();
    latestRunRow(spark)
        .ifPresent(
            r -> {
              for (String f :
                  List.of(
                      "run_id",
                      "command",
                      "status",
                      "logical_date",
                      "started_at",
                      "finished_at",
                      "records_in",
                      "accepted",
                      "rejected",
                      "exact_duplicates",
                      "near_duplicates",
                      "model_id",
                      "code_version")) {
                Object v = r.getAs(f);
                out.put(f, v == null ? "" : v.toString());
              }
            });
    return out;
  }

  private Map<String, Double> stageSeconds(SparkSession spark) {
    Map<String, Double> out = new LinkedHashMap<>();
    latestRunRow(spark)
        .ifPresent(r -> out.putAll(r.<String, Double>getJavaMap(r.fieldIndex("stage_seconds"))));
    return out;
  }

  private List<ReportData.Shift> shifts(SparkSession spark) {
    List<ReportData.Shift> out = new ArrayList<>();
    if (!ctx.warehouse().exists(spark, Table.SHIFTS)) {
      return out;
    }
    for (Row r :
        ctx.warehouse()
            .read(spark, Table.SHIFTS)
            .filter(col(Cols.GRAIN).equalTo(GRAIN).and(col(Cols.FLAG).notEqual("none")))
            .orderBy(col(Cols.PERIOD_START).desc(), abs(col(Cols.Z_SCORE)).desc())
            .limit(SHIFTS_SHOWN)
            .collectAsList()) {
      out.add(
          new ReportData.Shift(
              r.getAs(Cols.PERIOD_START).toString(),
              r.getAs(Cols.OUTLET),
              r.getAs(Cols.SUBJECT_TYPE) + " " + r.getAs(Cols.SUBJECT),
              r.getAs(Cols.FLAG),
              r.<Double>getAs(Cols.SHARE),
              r.<Double>getAs(Cols.BASELINE_SHARE),
              r.<Double>getAs(Cols.Z_SCORE),
              r.<String>getList(r.fieldIndex(Cols.TERMS))));
    }
    return out;
  }

  private List<String> largestOutlets(Dataset<Row> byOutlet, String countColumn, int n) {
    return byOutlet
        .filter(col(Cols.OUTLET).notEqual(Cols.ALL_OUTLETS))
        .groupBy(Cols.OUTLET)
        .agg(sum(countColumn).as("_n"))
        .orderBy(col("_n").desc(), col(Cols.OUTLET))
        .limit(n)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private List<ReportData.Point> attention(SparkSession spark) {
    if (!ctx.warehouse().exists(spark, Table.THEME_ATTENTION)) {
      return List.of();
    }
    Dataset<Row> weekly =
        ctx.warehouse().read(spark, Table.THEME_ATTENTION).filter(col(Cols.GRAIN).equalTo(GRAIN));
    List<Object> outlets = new ArrayList<>(List.of(Cols.ALL_OUTLETS));
    outlets.addAll(largestOutlets(weekly, Cols.TOTAL_ARTICLES, OUTLETS_CHARTED));
    List<ReportData.Point> out = new ArrayList<>();
    for (Row r :
        weekly
            .filter(col(Cols.OUTLET).isin(outlets.toArray()))
            .select(
                col(Cols.THEME),
                col(Cols.OUTLET),
                col(Cols.PERIOD_START).cast("string"),
                when(col(Cols.STATUS).equalTo("ok"), col(Cols.SHARE)))
            .orderBy(Cols.THEME, Cols.OUTLET, Cols.PERIOD_START)
            .collectAsList()) {
      out.add(
          new ReportData.Point(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.isNullAt(3) ? null : r.getDouble(3)));
    }
    return out;
  }

  private List<ReportData.Cell> prevalence(SparkSession spark) {
    List<ReportData.Cell> out = new ArrayList<>();
    Optional<String> model = topicModel(spark);
    if (model.isEmpty() || !ctx.warehouse().exists(spark, Table.TOPIC_PREVALENCE)) {
      return out;
    }
    Dataset<Row> prevalence =
        ctx.warehouse()
            .read(spark, Table.TOPIC_PREVALENCE)
            .filter(col(Cols.GRAIN).equalTo(GRAIN).and(col(Cols.MODEL_ID).equalTo(model.get())))
            .filter(col(Cols.STATUS).equalTo("ok"));
    List<Object> outlets = new ArrayList<>(List.of(Cols.ALL_OUTLETS));
    outlets.addAll(
        largestOutlets(
            // one row per period and outlet: every topic's row carries the period's articles
            prevalence
                .groupBy(Cols.PERIOD_START, Cols.OUTLET)
                .agg(org.apache.spark.sql.functions.max(Cols.ARTICLES).as(Cols.ARTICLES)),
            Cols.ARTICLES,
            OUTLETS_IN_HEATMAP));
    Dataset<Row> labels =
        ctx.warehouse()
            .read(spark, Table.TOPIC_TERMS)
            .filter(col(Cols.MODEL_ID).equalTo(model.get()).and(col(Cols.RANK).equalTo(1)))
            .select(Cols.TOPIC_ID, Cols.LABEL);
    for (Row r :
        prevalence
            .filter(col(Cols.OUTLET).isin(outlets.toArray()))
            .groupBy(Cols.OUTLET, Cols.TOPIC_ID)
            .agg(avg(Cols.SHARE).as(Cols.SHARE), count("*").as("_periods"))
            .join(labels, Cols.TOPIC_ID)
            .orderBy(Cols.OUTLET, Cols.TOPIC_ID)
            .collectAsList()) {
      out.add(
          new ReportData.Cell(
              r.getAs(Cols.OUTLET),
              r.getAs(Cols.TOPIC_ID) + ": " + r.getAs(Cols.LABEL),
              r.<Double>getAs(Cols.SHARE)));
    }
    return out;
  }

  private List<ReportData.Pair> syndication(SparkSession spark) {
    List<ReportData.Pair> out = new ArrayList<>();
    if (!ctx.warehouse().exists(spark, Table.DUPLICATES)) {
      return out;
    }
    for (Row r :
        ctx.warehouse()
            .read(spark, Table.DUPLICATES)
            .filter(col(Cols.KIND).equalTo("near"))
            .filter(col(Cols.OUTLET).notEqual(col(Cols.CANONICAL_OUTLET)))
            .groupBy(Cols.CANONICAL_OUTLET, Cols.OUTLET)
            .count()
            .orderBy(col("count").desc(), col(Cols.CANONICAL_OUTLET), col(Cols.OUTLET))
            .limit(PAIRS_SHOWN)
            .collectAsList()) {
      out.add(new ReportData.Pair(r.getString(0), r.getString(1), r.getLong(2)));
    }
    return out;
  }
}
