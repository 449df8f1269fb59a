package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;

import io.newsdrift.config.CoverageConfig;
import io.newsdrift.coverage.Changes;
import io.newsdrift.coverage.OutletDivergence;
import io.newsdrift.coverage.Shifts;
import io.newsdrift.coverage.ThemeAttention;
import io.newsdrift.coverage.ThemeMatcher;
import io.newsdrift.coverage.TopicPrevalence;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.PeriodSet;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.JobGroups;
import io.newsdrift.topics.VbTopics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code coverage}: {@code articles}, {@code doc_topics} and the theme lexicons to {@code
 * theme_matches}, {@code theme_attention}, {@code topic_prevalence}, {@code shifts} and {@code
 * outlet_divergence}. Without a topic model (no {@code doc_topics} rows) the topic tables are
 * written empty, with one WARN line, and {@code shifts} holds theme rows only.
 *
 * <p>Given the publication dates a run changed ({@link TouchedDates}), the run is incremental and
 * leaves every table as a full run over the whole warehouse would, row for row:
 *
 * <ul>
 *   <li>Themes are matched on the changed dates' articles only; their {@code theme_matches} rows
 *       (per date, outlet and duplicate cluster, so that distinct clusters still count exactly)
 *       replace those of the same dates.
 *   <li>{@code theme_attention} and {@code topic_prevalence} count the periods (of every grain)
 *       that hold a changed date again, from {@code theme_matches} and {@code doc_topics} of those
 *       periods' dates; every other period keeps the counts it has. A series' calendar (the periods
 *       from its first to its last with articles) and each period's {@code thin} status (against
 *       the series' median) depend on the whole series, so they are derived again from all the
 *       periods' counts, and every period whose rows differ from the stored ones is rewritten: the
 *       changed periods, and any other whose status, or existence as a {@code missing} period,
 *       moved.
 *   <li>{@code outlet_divergence} is recomputed for the periods that hold a changed date or whose
 *       {@code topic_prevalence} rows changed (every period when the {@code coverage.max_outlets}
 *       largest outlets, counted over all periods, are no longer the same), and the periods whose
 *       rows differ from the stored ones are rewritten.
 *   <li>{@code shifts}: a period's baseline reaches back {@code coverage.baseline_periods} periods
 *       and the change-point detector's flags and scores depend on the whole history of a series (a
 *       newer period can move an older flag), so the whole series of every outlet (and {@code ALL})
 *       with articles in a changed period or with a changed row is recomputed from the per-period
 *       tables, and the periods whose rows differ are rewritten.
 * </ul>
 *
 * <p>Falls back to a full run, with one WARN line, when the warehouse has no {@code theme_matches}
 * (written by full runs of this version and later) or no coverage table yet, or when the stored
 * tables hold other grains or themes than the settings. Dangers: other changes of the coverage
 * settings (a lexicon's entries, {@code coverage.title_hits} or {@code coverage.body_hits}, the
 * change-point keys) are not detected and need a full run ({@code coverage}).
 */
public final class CoverageJob {
  private static final Logger LOG = LoggerFactory.getLogger(CoverageJob.class);

  /** The tables an incremental run rewrites in part, compared with what they held. */
  private static final List<Table> PER_PERIOD =
      List.of(Table.THEME_ATTENTION, Table.TOPIC_PREVALENCE, Table.OUTLET_DIVERGENCE, Table.SHIFTS);

  private final RunContext ctx;
  private final TouchedDates touched;

  /** Every period, from every article. */
  public CoverageJob(RunContext ctx) {
    this(ctx, TouchedDates.all());
  }

  /** The periods that hold {@code touched} dates; every period for {@link TouchedDates#all()}. */
  public CoverageJob(RunContext ctx, TouchedDates touched) {
    this.ctx = ctx;
    this.touched = touched;
  }

  public void run(SparkSession spark, RunLog log) {
    if (touched.isEmpty()) {
      LOG.info("coverage: no publication date changed; the coverage tables are left as they are");
      return;
    }
    CoverageConfig config = ctx.config().coverage();
    List<Grain> grains = Grain.parseAll(config.grains());
    ThemeMatcher matcher = new ThemeMatcher(config.themes(), config.titleHits(), config.bodyHits());
    if (!touched.isAll()) {
      Optional<String> obstacle = obstacle(spark, grains, matcher);
      if (obstacle.isEmpty()) {
        incremental(spark, log, config, grains, matcher);
        return;
      }
      LOG.warn(
          "coverage: {} changed, but {}: recomputing every period instead",
          touched,
          obstacle.get());
    }
    full(spark, log, config, grains, matcher);
  }

  private void full(
      SparkSession spark,
      RunLog log,
      CoverageConfig config,
      List<Grain> grains,
      ThemeMatcher matcher) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> articles = wh.read(spark, Table.ARTICLES);
    log.writeStage(
        spark,
        "coverage: theme_matches",
        Table.THEME_MATCHES,
        () -> ThemeAttention.matches(matched(articles, matcher)));
    Dataset<Row> themeMatches = wh.read(spark, Table.THEME_MATCHES);
    log.writeStage(
        spark,
        "coverage: theme_attention",
        Table.THEME_ATTENTION,
        () ->
            ThemeAttention.fromCounts(
                spark,
                ThemeAttention.counts(themeMatches, grains),
                matcher.themes(),
                config.minArticles(),
                config.thinFraction()));

    // Without topics (too few articles for a model yet) the topic tables are still written, with
    // their columns and no rows, so that readers find every table.
    Dataset<Row> docTopics = docTopics(spark);
    if (docTopics.isEmpty()) {
      warnNoTopics();
    }
    log.writeStage(
        spark,
        "coverage: topic_prevalence",
        Table.TOPIC_PREVALENCE,
        () ->
            TopicPrevalence.compute(
                docTopics, grains, config.minArticles(), config.thinFraction()));
    Dataset<Row> prevalence = wh.read(spark, Table.TOPIC_PREVALENCE);
    log.writeStage(
        spark,
        "coverage: outlet_divergence",
        Table.OUTLET_DIVERGENCE,
        () -> OutletDivergence.compute(prevalence, config.maxOutlets()));

    Dataset<Row> attention = wh.read(spark, Table.THEME_ATTENTION);
    log.writeStage(
        spark,
        "coverage: shifts",
        Table.SHIFTS,
        () -> Shifts.compute(attention, Optional.of(prevalence), distinctiveTerms(spark), config));
  }

  private void incremental(
      SparkSession spark,
      RunLog log,
      CoverageConfig config,
      List<Grain> grains,
      ThemeMatcher matcher) {
    Warehouse wh = ctx.warehouse();
    Warehouse before = wh.asFound(spark, ctx.runId(), PER_PERIOD);
    PeriodSet periods = PeriodSet.holding(touched.dates(), grains);
    Column inPeriods = periods.contains();
    LOG.info("coverage: {} changed; recomputing the periods that hold them: {}", touched, periods);

    Column onTouchedDates = touched.contains(col(Cols.DATE));
    Dataset<Row> articles = wh.read(spark, Table.ARTICLES).filter(onTouchedDates);
    replaceStage(
        spark,
        log,
        "coverage: theme_matches of the changed dates",
        Table.THEME_MATCHES,
        ThemeAttention.matches(matched(articles, matcher)),
        onTouchedDates,
        onTouchedDates);

    Dataset<Row> attentionBefore = before.read(spark, Table.THEME_ATTENTION);
    Dataset<Row> matches =
        wh.read(spark, Table.THEME_MATCHES).filter(periods.holds(col(Cols.DATE)));
    ThemeAttention.Counts counts =
        ThemeAttention.counts(matches, grains)
            .filter(inPeriods)
            .union(ThemeAttention.countsOf(attentionBefore).filter(not(inPeriods)));
    Dataset<Row> attention =
        ThemeAttention.fromCounts(
                spark, counts, matcher.themes(), config.minArticles(), config.thinFraction())
            .persist(StorageLevel.MEMORY_AND_DISK());

    if (!wh.exists(spark, Table.DOC_TOPICS)) {
      warnNoTopics();
    }
    Dataset<Row> prevalenceBefore = before.read(spark, Table.TOPIC_PREVALENCE);
    Dataset<Row> stats =
        TopicPrevalence.stats(docTopics(spark).filter(periods.holds(col(Cols.DATE))), grains)
            .filter(inPeriods)
            .unionByName(TopicPrevalence.statsOf(prevalenceBefore).filter(not(inPeriods)));
    Dataset<Row> prevalence =
        TopicPrevalence.fromStats(stats, config.minArticles(), config.thinFraction())
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> shifts = null;
    try {
      List<Row> attentionChanged =
          rewrite(spark, log, Table.THEME_ATTENTION, attention, attentionBefore, periods);
      List<Row> prevalenceChanged =
          rewrite(spark, log, Table.TOPIC_PREVALENCE, prevalence, prevalenceBefore, periods);

      List<String> largest = OutletDivergence.largest(prevalence, config.maxOutlets());
      List<String> largestBefore = OutletDivergence.largest(prevalenceBefore, config.maxOutlets());
      Column candidates;
      if (Set.copyOf(largest).equals(Set.copyOf(largestBefore))) {
        // Also the touched periods, not only those where topic_prevalence changed: a run killed
        // between the two tables' commits left outlet_divergence behind a topic_prevalence that
        // this run then finds unchanged.
        candidates = PeriodSet.of(prevalenceChanged).plus(periods).contains();
      } else {
        LOG.info(
            "coverage: the {} largest outlets are now {} (were {}): outlet_divergence of every"
                + " period compared",
            config.maxOutlets(),
            largest,
            largestBefore);
        candidates = lit(true);
      }
      // Not cached: the write computes again only the changed periods' pairs, which costs less
      // than caching every candidate's (three times the Spark jobs on a test night).
      rewrite(
          spark,
          log,
          Table.OUTLET_DIVERGENCE,
          Table.OUTLET_DIVERGENCE.conform(
              OutletDivergence.pairs(prevalence.filter(candidates), largest)),
          before.read(spark, Table.OUTLET_DIVERGENCE).filter(candidates),
          periods);

      // The series of shifts that may move: those of the outlets with a changed row, and of those
      // with articles in a recomputed period (their new terms may have changed there).
      Column[] counted = {col(Cols.GRAIN), col(Cols.PERIOD_START), col(Cols.OUTLET)};
      List<Row> active =
          attention
              .filter(col(Cols.TOTAL_ARTICLES).gt(0))
              .select(counted)
              .unionByName(attentionBefore.filter(col(Cols.TOTAL_ARTICLES).gt(0)).select(counted))
              .filter(inPeriods)
              .select(Cols.GRAIN, Cols.OUTLET)
              .distinct()
              .collectAsList();
      Outlets outlets =
          Outlets.of(attentionChanged).plus(Outlets.of(prevalenceChanged)).plus(Outlets.of(active));
      LOG.info("coverage: shifts of the series of {} recomputed from their history", outlets);
      Column inSeries = outlets.contains();
      shifts =
          Shifts.compute(
                  attention.filter(inSeries),
                  Optional.of(prevalence.filter(inSeries)),
                  distinctiveTerms(spark),
                  config)
              .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> shiftsBefore = before.read(spark, Table.SHIFTS).filter(inSeries);
      PeriodSet shiftsChanged = PeriodSet.of(Changes.of(shifts, shiftsBefore).collectAsList());
      LOG.info("coverage: shifts rewritten in {} periods: {}", shiftsChanged.size(), shiftsChanged);
      if (!shiftsChanged.isEmpty()) {
        replaceStage(
            spark,
            log,
            "coverage: shifts of the changed series",
            Table.SHIFTS,
            shifts.filter(shiftsChanged.contains()),
            shiftsChanged.contains().and(inSeries),
            shiftsChanged.partitions());
      }
    } finally {
      attention.unpersist();
      prevalence.unpersist();
      if (shifts != null) {
        shifts.unpersist();
      }
    }
  }

  /**
   * Writes the periods of {@code now} whose rows differ from {@code before}'s, in place of theirs;
   * returns where the rows differ ({@link Changes#of}).
   */
  private List<Row> rewrite(
      SparkSession spark,
      RunLog log,
      Table table,
      Dataset<Row> now,
      Dataset<Row> before,
      PeriodSet recomputed) {
    List<Row> changed =
        JobGroups.describe(
            spark,
            "coverage: " + table.tableName() + " compared with the stored one",
            () -> Changes.of(now, before).collectAsList());
    PeriodSet periods = PeriodSet.of(changed);
    PeriodSet beyond = periods.minus(recomputed);
    LOG.info(
        "coverage: {} rewritten in {} periods ({} of them outside those that hold a changed date,"
            + " where a series' calendar or status, or a pair's topic shares, moved: {})",
        table.tableName(),
        periods.size(),
        beyond.size(),
        beyond);
    if (!periods.isEmpty()) {
      replaceStage(
          spark,
          log,
          "coverage: " + table.tableName() + " of the changed periods",
          table,
          now.filter(periods.contains()),
          periods.contains(),
          periods.partitions());
    }
    return changed;
  }

  private void replaceStage(
      SparkSession spark,
      RunLog log,
      String description,
      Table table,
      Dataset<Row> rows,
      Column replaced,
      Column partitions) {
    log.stage(
        spark,
        table.tableName(),
        description,
        () -> ctx.warehouse().replace(spark, table, rows, replaced, partitions));
  }

  /**
   * Why the stored tables cannot be continued incrementally, if they cannot: a table missing, or
   * made for other grains or themes.
   */
  private Optional<String> obstacle(SparkSession spark, List<Grain> grains, ThemeMatcher matcher) {
    Warehouse wh = ctx.warehouse();
    if (!wh.exists(spark, Table.THEME_MATCHES)) {
      return Optional.of(
          "the warehouse has no theme_matches table (coverage writes it since it runs"
              + " incrementally)");
    }
    for (Table t : PER_PERIOD) {
      if (!wh.exists(spark, t)) {
        return Optional.of("the warehouse has no " + t.tableName() + " table yet");
      }
    }
    List<Row> stored =
        wh.read(spark, Table.THEME_ATTENTION)
            .select(Cols.GRAIN, Cols.THEME)
            .distinct()
            .collectAsList();
    Set<String> storedGrains = new TreeSet<>();
    Set<String> storedThemes = new TreeSet<>();
    for (Row r : stored) {
      storedGrains.add(r.getString(0));
      storedThemes.add(r.getString(1));
    }
    Set<String> wantedGrains = grains.stream().map(Grain::label).collect(Collectors.toSet());
    if (!storedGrains.equals(new TreeSet<>(wantedGrains))
        || !storedThemes.equals(new TreeSet<>(matcher.themes()))) {
      return Optional.of(
          "theme_attention holds grains "
              + storedGrains
              + " and themes "
              + storedThemes
              + ", the settings ask for "
              + new TreeSet<>(wantedGrains)
              + " and "
              + new TreeSet<>(matcher.themes()));
    }
    return Optional.empty();
  }

  private static Dataset<Row> matched(Dataset<Row> articles, ThemeMatcher matcher) {
    UserDefinedFunction themesOf =
        udf(
            (UDF2<String, String, String[]>)
                (title, text) -> matcher.match(title, text).toArray(String[]::new),
            DataTypes.createArrayType(DataTypes.StringType, false));
    return articles.select(
        col(Cols.ARTICLE_ID),
        col(Cols.OUTLET),
        col(Cols.DATE),
        col(Cols.DUP_CLUSTER_ID),
        themesOf.apply(col(Cols.TITLE), col(Cols.TEXT)).as(ThemeAttention.THEMES));
  }

  private Dataset<Row> docTopics(SparkSession spark) {
    return ctx.warehouse().exists(spark, Table.DOC_TOPICS)
        ? ctx.warehouse().read(spark, Table.DOC_TOPICS)
        : VbTopics.noDocTopics(spark);
  }

  private Optional<Dataset<Row>> distinctiveTerms(SparkSession spark) {
    return ctx.warehouse().exists(spark, Table.DISTINCTIVE_TERMS)
        ? Optional.of(ctx.warehouse().read(spark, Table.DISTINCTIVE_TERMS))
        : Optional.empty();
  }

  private static void warnNoTopics() {
    LOG.warn(
        "coverage: topic_prevalence, outlet_divergence and the topic rows of shifts left empty:"
            + " doc_topics has no rows (no topic model could be fitted yet)");
  }

  /** Outlets (and {@code ALL}) by grain: the series of {@code shifts} a run recomputes. */
  private record Outlets(Map<String, TreeSet<String>> byGrain) {
    private static final int LISTED = 8;

    static Outlets of(List<Row> rows) {
      Map<String, TreeSet<String>> out = new TreeMap<>();
      for (Row r : rows) {
        out.computeIfAbsent(r.getAs(Cols.GRAIN), g -> new TreeSet<>())
            .add(r.<String>getAs(Cols.OUTLET));
      }
      return new Outlets(out);
    }

    Outlets plus(Outlets other) {
      Map<String, TreeSet<String>> out = new TreeMap<>();
      for (Outlets o : List.of(this, other)) {
        o.byGrain.forEach((g, s) -> out.computeIfAbsent(g, x -> new TreeSet<>()).addAll(s));
      }
      return new Outlets(out);
    }

    Column contains() {
      Column out = lit(false);
      for (Map.Entry<String, TreeSet<String>> e : byGrain.entrySet()) {
        out =
            out.or(
                col(Cols.GRAIN)
                    .equalTo(e.getKey())
                    .and(col(Cols.OUTLET).isin(e.getValue().toArray())));
      }
      return out;
    }

    /** For logs: {@code week 7 outlets (ALL, a, b, ...)}. */
    @Override
    public String toString() {
      if (byGrain.isEmpty()) {
        return "no outlet";
      }
      return byGrain.entrySet().stream()
          .map(
              e ->
                  e.getKey()
                      + " "
                      + e.getValue().size()
                      + " outlets ("
                      + e.getValue().stream().limit(LISTED).collect(Collectors.joining(", "))
                      + (e.getValue().size() > LISTED ? ", ..." : "")
                      + ")")
          .collect(Collectors.joining("; "));
    }
  }
}
