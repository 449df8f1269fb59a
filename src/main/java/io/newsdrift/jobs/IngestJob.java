package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.newsdrift.config.DedupConfig;
import io.newsdrift.config.IngestConfig;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.ingest.Canonicalizer;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.io.FileDigest;
import io.newsdrift.io.InputFile;
import io.newsdrift.io.RawSources;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.JobGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest}: raw dumps to {@code articles}, {@code rejects} and {@code duplicates}. Every
 * input record ends in exactly one of accepted, rejected, exact duplicate or near duplicate, and
 * the counts are checked to add up before anything is reported as done.
 *
 * <p>Writes replace the date partitions present in this run's output (articles and duplicates by
 * publication date, rejects by the run's logical date); ingest every source of a date in one run.
 * Duplicates are found within the run's input.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final RunContext ctx;
  private final List<SourceSpec> sources;
  private final DateWindow window;

  public IngestJob(RunContext ctx, List<SourceSpec> sources) {
    this(ctx, sources, DateWindow.all());
  }

  /**
   * Ingest that keeps only articles published inside {@code window} ({@code nightly}, {@code
   * backfill}); valid articles outside it are counted, not written.
   */
  public IngestJob(RunContext ctx, List<SourceSpec> sources, DateWindow window) {
    if (sources.isEmpty()) {
      throw new io.newsdrift.config.ConfigException(
          "ingest needs a source: --input URI --format jsonl|csv|parquet|text, or 'sources' in --config");
    }
    this.ctx = ctx;
    this.sources = List.copyOf(sources);
    this.window = window;
  }

  public RunLog.Accounting run(SparkSession spark, RunLog log) {
    IngestConfig config = IngestConfig.from(ctx.settings());
    DedupConfig dedup = DedupConfig.from(ctx.settings());
    log.seed("dedup", dedup.seed());
    // Dedup cuts the lineage of its rounds; on a cluster that must survive a lost executor, so
    // the checkpoints go to the warehouse's file system rather than executor storage.
    boolean scratch =
        !spark.sparkContext().isLocal() && spark.sparkContext().getCheckpointDir().isEmpty();
    if (scratch) {
      spark.sparkContext().setCheckpointDir(ctx.warehouse().scratchPath(ctx.runId()));
    }

    CollectionAccumulator<FileDigest> digests =
        spark.sparkContext().collectionAccumulator("input files");
    Dataset<Row> outcomes = null;
    for (SourceSpec source : sources) {
      List<InputFile> files = RawSources.list(spark, source.input(), source.format());
      LOG.info("source {} ({}): {} files", source.input(), source.format().cliName(), files.size());
      JavaRDD<Row> raw = RawSources.records(spark, source, files, config, digests);
      Dataset<Row> canonical =
          new Canonicalizer(source.mapping(), config, futureReference()).apply(spark, raw);
      outcomes = outcomes == null ? canonical : outcomes.unionByName(canonical);
    }
    outcomes = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> all = outcomes;
    long records =
        JobGroups.describe(spark, "ingest: read and canonicalise raw records", all::count);
    log.files(uniqueByUri(digests.value()));
    LOG.info("{} raw records read", records);

    Column isAccepted = col(Canonicalizer.STATUS).equalTo(Canonicalizer.ACCEPTED);
    Column inWindow = window.contains(col(Cols.DATE));
    Dataset<Row> accepted = outcomes.filter(isAccepted.and(inWindow));
    long outsideWindow =
        window.isAll()
            ? 0
            : JobGroups.describe(
                spark,
                "ingest: count articles outside " + window,
                () -> all.filter(isAccepted.and(not(inWindow))).count());
    if (!window.isAll()) {
      LOG.info("{} valid articles lie outside the window {}", outsideWindow, window);
    }
    Deduplicator.Result deduped =
        JobGroups.describe(
            spark,
            "ingest: find exact and near duplicates",
            () -> Deduplicator.apply(spark, accepted, dedup));
    // Persisted as the deduplicator returns them: the duplicates table is derived from these very
    // rows, and Spark reuses a cached plan only where it recurs unchanged (not under the run id).
    Dataset<Row> dedupedArticles = deduped.articles().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> articles = dedupedArticles.withColumn(Cols.RUN_ID, lit(ctx.runId()));
    Dataset<Row> duplicates =
        deduped
            .duplicates()
            .withColumn(Cols.RUN_ID, lit(ctx.runId()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> rejects =
        outcomes
            .filter(col(Canonicalizer.STATUS).equalTo(Canonicalizer.REJECTED))
            .unionByName(deduped.rejects())
            .withColumn(Cols.INGEST_DATE, lit(java.sql.Date.valueOf(ctx.logicalDate())))
            .withColumn(Cols.RUN_ID, lit(ctx.runId()))
            .persist(StorageLevel.MEMORY_AND_DISK());

    JobGroups.describe(
        spark,
        "ingest: write articles",
        () -> ctx.warehouse().write(spark, Table.ARTICLES, articles));
    JobGroups.describe(
        spark, "ingest: write rejects", () -> ctx.warehouse().write(spark, Table.REJECTS, rejects));
    JobGroups.describe(
        spark,
        "ingest: write duplicates",
        () -> ctx.warehouse().write(spark, Table.DUPLICATES, duplicates));

    Map<String, Long> kept = countBy(articles, Cols.IS_CANONICAL);
    long exact = duplicates.filter(col(Cols.KIND).equalTo("exact")).count();
    RunLog.Accounting accounting =
        new RunLog.Accounting(
            records,
            kept.getOrDefault("true", 0L),
            rejects.count(),
            exact,
            kept.getOrDefault("false", 0L),
            outsideWindow);
    LOG.info("ingest accounting: {}", accounting);
    accounting.check();
    log.accounting(accounting);
    if (scratch) {
      ctx.warehouse().deleteScratch(spark, ctx.runId());
    }
    outcomes.unpersist();
    dedupedArticles.unpersist();
    duplicates.unpersist();
    rejects.unpersist();
    return accounting;
  }

  /**
   * The date {@code future_date} is measured from: the logical date, or for a windowed run
   * (nightly, backfill) today if later, so that replaying old nights does not reject the articles
   * of later nights as from the future; they are counted as outside the window instead.
   */
  private java.time.LocalDate futureReference() {
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    return window.isAll() || ctx.logicalDate().isAfter(today) ? ctx.logicalDate() : today;
  }

  private static Map<String, Long> countBy(Dataset<Row> df, String column) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Row r : df.groupBy(column).count().collectAsList()) {
      out.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return out;
  }

  private static List<FileDigest> uniqueByUri(List<FileDigest> digests) {
    Map<String, FileDigest> byUri = new java.util.TreeMap<>();
    for (FileDigest d : new ArrayList<>(digests)) {
      byUri.putIfAbsent(d.uri(), d);
    }
    return List.copyOf(byUri.values());
  }
}
