package io.newsdrift.jobs;

import io.newsdrift.config.SourceSpec;
import io.newsdrift.io.ModelStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nightly --date D} and {@code backfill --from A --to B}: plan the window of publication
 * dates (see {@link NightlyPlan}), decide whether the topic model is refitted (when asked, when
 * none exists, or every {@code nightly.refit_days} days), then run the {@link Pipeline} over it.
 * The window and the model policy are recorded in the run's manifest and logged.
 */
public final class NightlyJob {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

  private final RunContext ctx;
  private final List<SourceSpec> sources;
  private final LocalDate from;
  private final LocalDate to;
  private final boolean backfill;
  private final boolean refitAsked;

  private NightlyJob(
      RunContext ctx,
      List<SourceSpec> sources,
      LocalDate from,
      LocalDate to,
      boolean backfill,
      boolean refitAsked) {
    this.ctx = ctx;
    this.sources = List.copyOf(sources);
    this.from = from;
    this.to = to;
    this.backfill = backfill;
    this.refitAsked = refitAsked;
  }

  /** Every date not yet processed up to {@code date}. */
  public static NightlyJob nightly(
      RunContext ctx, List<SourceSpec> sources, LocalDate date, boolean refitAsked) {
    return new NightlyJob(ctx, sources, null, date, false, refitAsked);
  }

  /** Exactly the dates {@code from} to {@code to}, whatever was processed before. */
  public static NightlyJob backfill(
      RunContext ctx, List<SourceSpec> sources, LocalDate from, LocalDate to, boolean refitAsked) {
    return new NightlyJob(ctx, sources, from, to, true, refitAsked);
  }

  /** What the run did, with the window it processed. */
  public record Outcome(Pipeline.Outcome pipeline, DateWindow window, boolean refitted) {}

  public Outcome run(SparkSession spark, RunLog log) {
    List<RunHistory.PastRun> history =
        log.stage("plan", () -> RunHistory.succeeded(spark, ctx.warehouse()));
    DateWindow window = backfill ? new DateWindow(from, to) : NightlyPlan.window(to, history);
    log.dateRange(window.from(), window.to());
    LOG.info(
        "{} {}: processing publication dates {} (watermark {})",
        backfill ? "backfill" : "nightly",
        to,
        window,
        NightlyPlan.watermark(history).map(LocalDate::toString).orElse("none"));

    Optional<String> current = new ModelStore(ctx.warehouse()).currentTopicModel(spark);
    int refitDays = ctx.config().nightly().refitDays();
    boolean due = NightlyPlan.refitDue(to, current.orElse(null), history, refitDays);
    boolean refit = refitAsked || due;
    LOG.info(
        "topic model: {}",
        current.isEmpty()
            ? "none yet, fitting one"
            : refitAsked
                ? "refit asked for (--refit-topics)"
                : due
                    ? current.get() + " is " + refitDays + " or more days old, refitting"
                    : "applying " + current.get());
    Pipeline pipeline;
    if (backfill) {
      pipeline = new Pipeline(ctx, sources, window, refit);
    } else {
      // Late articles are ingested into their dates back to late_days before the night; the first
      // night takes every date.
      int lateDays = ctx.config().nightly().lateDays();
      LocalDate lateLimit =
          NightlyPlan.watermark(history).isPresent() ? to.minusDays(lateDays) : null;
      LOG.info(
          "nightly {}: reads the files not read before; articles dated from {} on are ingested",
          to,
          lateLimit == null ? "any date" : lateLimit + " (nightly.late_days=" + lateDays + ")");
      pipeline = Pipeline.nightly(ctx, sources, lateLimit, refit);
    }
    Pipeline.Outcome outcome = pipeline.run(spark, log);
    return new Outcome(outcome, window, refit || current.isEmpty());
  }
}
