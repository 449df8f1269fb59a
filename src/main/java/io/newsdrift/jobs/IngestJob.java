package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.newsdrift.config.DedupConfig;
import io.newsdrift.config.IngestConfig;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.ingest.Canonicalizer;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.ingest.RecordLedger;
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
import java.util.function.UnaryOperator;
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
  private static final int UNACCOUNTED_SHOWN = 10;
  private static final String ACCEPTED = "articles";
  private static final String REJECTED = "rejects";
  private static final String EXACT = "exact duplicates";
  private static final String NEAR = "near duplicates";
  private static final String OUTSIDE = "outside the window";

  private final RunContext ctx;
  private final List<SourceSpec> sources;
  private final DateWindow window;
  private UnaryOperator<Deduplicator.Result> afterDeduplication = UnaryOperator.identity();

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
    Deduplicator.Result deduped =
        afterDeduplication.apply(
            JobGroups.describe(
                spark,
                "ingest: find exact and near duplicates",
                () -> Deduplicator.apply(spark, accepted, dedup)));
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

    // The books are checked before any table is written: a run that loses or doubles a record
    // fails with the records' names and leaves every table as it was.
    Map<String, Dataset<Row>> places = new LinkedHashMap<>();
    places.put(ACCEPTED, dedupedArticles.filter(col(Cols.IS_CANONICAL)));
    places.put(REJECTED, rejects);
    places.put(EXACT, duplicates.filter(col(Cols.KIND).equalTo("exact")));
    places.put(NEAR, dedupedArticles.filter(not(col(Cols.IS_CANONICAL))));
    places.put(OUTSIDE, outcomes.filter(isAccepted.and(not(inWindow))));
    RecordLedger.Balance balance =
        JobGroups.describe(
            spark,
            "ingest: check that every record is accounted for",
            () -> RecordLedger.balance(all, places, UNACCOUNTED_SHOWN));
    Map<String, Long> n = balance.counts();
    RunLog.Accounting accounting =
        new RunLog.Accounting(
            balance.records(),
            n.get(ACCEPTED),
            n.get(REJECTED),
            n.get(EXACT),
            n.get(NEAR),
            n.get(OUTSIDE));
    LOG.info("ingest accounting: {}", accounting);
    if (!window.isAll()) {
      LOG.info("{} valid articles lie outside the window {}", n.get(OUTSIDE), window);
    }
    if (!balance.balances()) {
      throw new IllegalStateException(
          "record accounting does not add up, so no table was written: "
              + accounting.summary()
              + "; "
              + balance.unaccounted()
              + " records are in no place or in more than one, the first: "
              + String.join(", ", balance.firstUnaccounted()));
    }
    log.accounting(accounting);
    if (accounting.accepted() + accounting.nearDuplicates() == 0) {
      LOG.warn(
          "ingest: no new articles ({}): articles and duplicates keep what they had",
          accounting.summary());
    }

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
   * A seam for tests: replaces what deduplication decided before the books are checked, so that a
   * test can play a deduplication bug (a lost or doubled record) and see that nothing is written.
   */
  IngestJob afterDeduplication(UnaryOperator<Deduplicator.Result> hook) {
    this.afterDeduplication = hook;
    return this;
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

  private static List<FileDigest> uniqueByUri(List<FileDigest> digests) {
    Map<String, FileDigest> byUri = new java.util.TreeMap<>();
    for (FileDigest d : new ArrayList<>(digests)) {
      byUri.putIfAbsent(d.uri(), d);
    }
    return List.copyOf(byUri.values());
  }
}
