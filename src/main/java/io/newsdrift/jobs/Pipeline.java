package io.newsdrift.jobs;

import io.newsdrift.config.SourceSpec;
import io.newsdrift.io.ModelStore;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Every stage in order, as {@code nightly}, {@code backfill} and {@code demo} run them: ingest the
 * sources (if any), then features, topics and coverage over the warehouse. The topic model is
 * fitted when there is none yet or when asked; otherwise the current one is applied.
 */
public final class Pipeline {
  private final RunContext ctx;
  private final List<SourceSpec> sources;
  private final DateWindow window;
  private final boolean refitTopics;

  /** Every stage over every date the sources hold. */
  public Pipeline(RunContext ctx, List<SourceSpec> sources, boolean refitTopics) {
    this(ctx, sources, DateWindow.all(), refitTopics);
  }

  /** Every stage, ingesting only the articles published inside {@code window}. */
  public Pipeline(
      RunContext ctx, List<SourceSpec> sources, DateWindow window, boolean refitTopics) {
    this.ctx = ctx;
    this.sources = List.copyOf(sources);
    this.window = window;
    this.refitTopics = refitTopics;
  }

  /**
   * What the run did, for its summary line; {@code modelId} is null while no topic model could be
   * fitted (too few articles yet).
   */
  public record Outcome(RunLog.Accounting accounting, String modelId) {}

  public Outcome run(SparkSession spark, RunLog log) {
    RunLog.Accounting accounting =
        sources.isEmpty()
            ? null
            : log.stage("ingest", () -> new IngestJob(ctx, sources, window).run(spark, log));
    log.stage("features", () -> new FeaturesJob(ctx, false).run(spark, log));
    TopicsJob topics = new TopicsJob(ctx);
    boolean haveModel = new ModelStore(ctx.warehouse()).currentTopicModel(spark).isPresent();
    String modelId =
        log.stage(
                "topics",
                () -> refitTopics || !haveModel ? topics.fit(spark, log) : topics.apply(spark, log))
            .orElse(null);
    log.stage("coverage", () -> new CoverageJob(ctx).run(spark, log));
    return new Outcome(accounting, modelId);
  }
}
