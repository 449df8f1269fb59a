package io.newsdrift.jobs;

import io.newsdrift.config.SourceSpec;
import io.newsdrift.io.ModelStore;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stage in order, as {@code nightly}, {@code backfill} and {@code demo} run them: ingest the
 * sources (if any), then features, topics and coverage over the warehouse. The topic model is
 * fitted when there is none yet or when asked; otherwise the current one is applied.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private final RunContext ctx;
  private final List<SourceSpec> sources;
  private final DateWindow window;
  private final boolean refitTopics;
  private final boolean incremental;
  private final LocalDate lateLimit;

  /** Every stage over every date the sources hold. */
  public Pipeline(RunContext ctx, List<SourceSpec> sources, boolean refitTopics) {
    this(ctx, sources, DateWindow.all(), refitTopics);
  }

  /** Every stage, ingesting only the articles published inside {@code window}. */
  public Pipeline(
      RunContext ctx, List<SourceSpec> sources, DateWindow window, boolean refitTopics) {
    this(ctx, sources, window, refitTopics, false, null);
  }

  private Pipeline(
      RunContext ctx,
      List<SourceSpec> sources,
      DateWindow window,
      boolean refitTopics,
      boolean incremental,
      LocalDate lateLimit) {
    this.ctx = ctx;
    this.sources = List.copyOf(sources);
    this.window = window;
    this.refitTopics = refitTopics;
    this.incremental = incremental;
    this.lateLimit = lateLimit;
  }

  /**
   * A nightly: ingest reads only new and changed files (see {@link IngestJob#nightly}), and every
   * later stage recomputes only what the dates it touched (and those a killed night left pending)
   * change.
   */
  public static Pipeline nightly(
      RunContext ctx, List<SourceSpec> sources, LocalDate lateLimit, boolean refitTopics) {
    return new Pipeline(ctx, sources, DateWindow.all(), refitTopics, true, lateLimit);
  }

  /**
   * What the run did, for its summary line; {@code modelId} is null while no topic model could be
   * fitted (too few articles yet).
   */
  public record Outcome(RunLog.Accounting accounting, String modelId) {}

  public Outcome run(SparkSession spark, RunLog log) {
    IngestJob ingest =
        sources.isEmpty()
            ? null
            : incremental
                ? IngestJob.nightly(ctx, sources, lateLimit)
                : new IngestJob(ctx, sources, window);
    PendingDates pending = new PendingDates(ctx.warehouse());
    TouchedDates leftPending = incremental ? pending.read(spark) : TouchedDates.of(List.of());
    RunLog.Accounting accounting =
        ingest == null ? null : log.stage("ingest", () -> ingest.run(spark, log));
    // What each later stage recomputes: every date, unless this is a nightly.
    TouchedDates touched =
        incremental && ingest != null ? ingest.touched().plus(leftPending) : TouchedDates.all();
    TouchedDates reclustered =
        incremental && ingest != null ? ingest.reclustered().plus(leftPending) : TouchedDates.all();
    if (!leftPending.isEmpty()) {
      LOG.info("dates a killed night left pending, done again now: {}", leftPending);
    }
    log.stage("features", () -> new FeaturesJob(ctx, false, touched).run(spark, log));
    TopicsJob topics = new TopicsJob(ctx);
    boolean haveModel = new ModelStore(ctx.warehouse()).currentTopicModel(spark).isPresent();
    boolean fit = refitTopics || !haveModel;
    if (fit && incremental) {
      LOG.info(
          "topics: a new model is fitted, so doc_topics is recomputed for every article, and"
              + " coverage for every period");
    }
    String modelId =
        log.stage("topics", () -> fit ? topics.fit(spark, log) : topics.apply(spark, log, touched))
            .orElse(null);
    // Coverage counts distinct duplicate clusters, so a date whose clusters were decided again is
    // its work too.
    TouchedDates coverage = fit ? TouchedDates.all() : reclustered.plus(touched);
    log.stage("coverage", () -> new CoverageJob(ctx, coverage).run(spark, log));
    pending.clear(spark);
    return new Outcome(accounting, modelId);
  }
}
