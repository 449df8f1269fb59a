package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.newsdrift.config.FeaturesConfig;
import io.newsdrift.features.DistinctiveTerms;
import io.newsdrift.features.Phrases;
import io.newsdrift.features.TermCounts;
import io.newsdrift.features.TermStats;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.PeriodSet;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.CpuMeter;
import io.newsdrift.text.Analyzer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code features}: {@code articles} to the vocabulary (with its phrases and IDF), {@code
 * term_stats} and {@code distinctive_terms}. Only articles whose detected language is listed in
 * {@code features.languages} are analysed, each with its language's stop words; the others are
 * counted and logged. The vocabulary is frozen: a new one (phrases included) is built only when
 * none exists or when asked ({@code features --new-vocabulary}), so nightly runs keep the same
 * terms and ids. Too little text for a vocabulary of {@link Vocabulary#MIN_TERMS} terms (a first
 * night of one article) is a normal case, not an error: the frozen vocabulary stays if there is
 * one, otherwise none is frozen and what needs more terms is written empty, with one WARN line.
 *
 * <p>Incremental: given the {@link TouchedDates} of a night, with a frozen vocabulary, it analyses
 * only the articles of those dates. Their day rows of {@code term_stats} replace the stored ones (a
 * touched date left with no article ends with none); the week and month rows, and {@code ALL}, of
 * the periods holding a touched date are summed again from the stored day rows of those periods
 * with the new ones ({@link TermStats#ofPeriods}). {@code distinctive_terms} is computed again for
 * those periods and the {@code features.history_periods} after each (whose history they are) from
 * the {@code term_stats} rows they need ({@link DistinctiveTerms#ofPeriods}). The rows are the very
 * rows a full run gives over the same articles with the same vocabulary. It runs fully instead, as
 * before, for {@link TouchedDates#all()}, when it builds a vocabulary (none frozen, or {@code
 * --new-vocabulary}), when {@code term_stats} does not exist yet, and, with one WARN line, when
 * {@code features.grains} lacks {@code day} (no day rows to add to). No touched date (and no new
 * vocabulary asked for): nothing is written.
 *
 * <p>Danger: the stored day rows are taken as counted with the frozen vocabulary and the current
 * settings. After a change of the analyzer settings, of {@code features.languages} or of {@code
 * features.grains} (day rows added), run {@code features} fully once: a new vocabulary forces it.
 */
public final class FeaturesJob {
  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

  private final RunContext ctx;
  private final boolean newVocabulary;
  private final TouchedDates touched;

  /** Every date: a full run. */
  public FeaturesJob(RunContext ctx, boolean newVocabulary) {
    this(ctx, newVocabulary, TouchedDates.all());
  }

  /** Only what the articles of the touched dates change, when it can (see the class). */
  public FeaturesJob(RunContext ctx, boolean newVocabulary, TouchedDates touched) {
    this.ctx = ctx;
    this.newVocabulary = newVocabulary;
    this.touched = touched;
  }

  /**
   * Runs the stage; returns the frozen vocabulary it used, empty when the articles gave too few
   * terms to freeze one (then it used an unsaved one of fewer than {@link Vocabulary#MIN_TERMS}).
   */
  public Optional<Vocabulary> run(SparkSession spark, RunLog log) {
    FeaturesConfig config = ctx.config().features();
    Analyzer configured = new Analyzer(ctx.config().analyzer());
    ModelStore models = new ModelStore(ctx.warehouse());
    // A frozen vocabulary of fewer terms (frozen by a version that froze any size) is rebuilt.
    Optional<Vocabulary> frozen =
        models.currentVocabulary(spark).filter(v -> v.size() >= Vocabulary.MIN_TERMS);
    if (touched.isEmpty() && !newVocabulary) {
      LOG.info(
          "features: no date touched, nothing to recompute: term_stats and distinctive_terms"
              + " left as they are");
      return frozen;
    }
    if (!touched.isAll()) {
      String full = null; // why every date is recomputed, when it is
      if (newVocabulary) {
        full = "a new vocabulary is built (--new-vocabulary)";
      } else if (frozen.isEmpty()) {
        full = "no vocabulary is frozen yet, one is built";
      } else if (!ctx.warehouse().exists(spark, Table.TERM_STATS)) {
        full = "term_stats does not exist yet";
      } else if (!config.grains().contains(Grain.DAY.label())) {
        LOG.warn(
            "features: every date recomputed (touched: {}): features.grains={} has no day, so"
                + " term_stats keeps no day counts to sum the touched periods from",
            touched,
            config.grains());
      } else {
        return Optional.of(runIncremental(spark, log, config, configured, frozen.get()));
      }
      if (full != null) {
        LOG.info("features: every date recomputed (touched: {}): {}", touched, full);
      }
    }
    return runFull(spark, log, config, configured, models, frozen);
  }

  /** The stage over every article, as it was before runs were incremental. */
  private Optional<Vocabulary> runFull(
      SparkSession spark,
      RunLog log,
      FeaturesConfig config,
      Analyzer configured,
      ModelStore models,
      Optional<Vocabulary> frozen) {
    Dataset<Row> articles =
        analysedArticles(ctx.warehouse().read(spark, Table.ARTICLES), config.languages());
    logLeftOut(ctx.warehouse().read(spark, Table.ARTICLES), config.languages());

    // What analysing and counting the articles' text costs on its own, apart from the shuffles and
    // per-grain sums it feeds: the part of the stage a tokenizer-and-counter peer does.
    CpuMeter analysis = CpuMeter.register(spark.sparkContext(), "features: text analysis");
    Vocabulary vocabulary;
    Dataset<Row> termCounts;
    String skipped = null; // what this run could not compute, for its one WARN line
    boolean saved = true; // whether the vocabulary used is the frozen one
    if (frozen.isPresent() && !newVocabulary) {
      vocabulary = frozen.get();
      LOG.info(
          "using the frozen vocabulary {} ({} terms, {} phrases)",
          vocabulary.version(),
          vocabulary.size(),
          vocabulary.phrases().size());
      termCounts = termCounts(spark, articles, vocabulary.analyzer(configured), analysis);
    } else {
      long docs = articles.count();
      List<String> phrases =
          log.stage(
              spark,
              "phrases",
              "features: find phrases",
              () ->
                  Phrases.fit(
                      spark,
                      Phrases.sample(articles, docs, config.phraseSampleArticles()),
                      configured,
                      config.phraseMinCount(),
                      config.phraseMinNpmi(),
                      config.maxPhrases()));
      LOG.info(
          "found {} phrases (features.phrase_min_count={}, features.phrase_min_npmi={}), e.g. {}",
          phrases.size(),
          config.phraseMinCount(),
          config.phraseMinNpmi(),
          phrases.subList(0, Math.min(10, phrases.size())));
      Analyzer analyzer = configured.withPhrases(new HashSet<>(phrases));
      Dataset<Row> counts = termCounts(spark, articles, analyzer, analysis);
      Vocabulary built =
          log.stage(
              spark,
              "vocabulary",
              "features: build the vocabulary",
              () ->
                  Vocabulary.fit(counts, docs, config.vocabSize(), config.minDocFreq(), analyzer));
      String tooFew =
          "a new vocabulary would have "
              + built.size()
              + (built.size() == 1 ? " term" : " terms")
              + " from "
              + docs
              + (docs == 1 ? " article" : " articles")
              + " (a term needs features.min_doc_freq="
              + config.minDocFreq()
              + " of them; at least "
              + Vocabulary.MIN_TERMS
              + " terms are kept)";
      if (built.size() >= Vocabulary.MIN_TERMS) {
        models.saveVocabulary(spark, built);
        LOG.info(
            "built vocabulary {} of {} terms from {} articles",
            built.version(),
            built.size(),
            docs);
        vocabulary = built;
        termCounts = counts;
      } else if (frozen.isPresent()) {
        // --new-vocabulary on too little text: the frozen one stays, and with it every term id.
        skipped = tooFew + ": kept the frozen vocabulary " + frozen.get().version();
        counts.unpersist();
        vocabulary = frozen.get();
        termCounts = termCounts(spark, articles, vocabulary.analyzer(configured), analysis);
      } else {
        // Not saved: a vocabulary frozen now would hold later, larger nights to these few terms.
        skipped =
            tooFew
                + ": none is frozen, the next run builds one again; "
                + (built.size() == 0
                    ? "term_stats and distinctive_terms"
                    : "distinctive_terms (its log-odds need " + Vocabulary.MIN_TERMS + " terms)")
                + " left empty";
        vocabulary = built;
        termCounts = counts;
        saved = false;
      }
    }
    if (skipped != null) {
      LOG.warn("features: {}", skipped);
    }
    Dataset<Row> vocabDf = vocabulary.toDataset(spark);
    log.writeStage(
        spark,
        "features: term_stats",
        Table.TERM_STATS,
        () -> TermStats.compute(termCounts, vocabDf, Grain.parseAll(config.grains())));
    termCounts.unpersist();
    LOG.info(
        "text analysis (tokenize, stem, count per article and per outlet and day): {}",
        analysis.summary("articles", "characters"));
    // Fewer terms than distinctive_terms needs: the same columns, no rows.
    Dataset<Row> termStats =
        vocabulary.size() < Vocabulary.MIN_TERMS
            ? ctx.warehouse().read(spark, Table.TERM_STATS).limit(0)
            : ctx.warehouse().read(spark, Table.TERM_STATS);
    log.writeStage(
        spark,
        "features: distinctive_terms",
        Table.DISTINCTIVE_TERMS,
        () ->
            DistinctiveTerms.compute(
                termStats,
                DistinctiveTerms.prior(vocabDf, config.priorScale()),
                config.priorScale(),
                config.historyPeriods(),
                config.topTerms()));
    return saved ? Optional.of(vocabulary) : Optional.empty();
  }

  /**
   * The touched dates' articles with the frozen vocabulary: their day rows, the periods holding
   * them and the distinctive terms those periods change (see the class).
   */
  private Vocabulary runIncremental(
      SparkSession spark,
      RunLog log,
      FeaturesConfig config,
      Analyzer configured,
      Vocabulary vocabulary) {
    List<Grain> grains = Grain.parseAll(config.grains());
    PeriodSet periods = PeriodSet.holding(touched.dates(), grains);
    LOG.info(
        "features: recomputing the touched {} with the frozen vocabulary {} ({} terms, {}"
            + " phrases): term_stats of {}",
        touched,
        vocabulary.version(),
        vocabulary.size(),
        vocabulary.phrases().size(),
        periods);
    // The date filter is on the partition column: only the touched dates' files are read.
    Dataset<Row> touchedArticles =
        ctx.warehouse().read(spark, Table.ARTICLES).filter(touched.contains(col(Cols.DATE)));
    Dataset<Row> articles = analysedArticles(touchedArticles, config.languages());
    logLeftOut(touchedArticles, config.languages());
    CpuMeter analysis = CpuMeter.register(spark.sparkContext(), "features: text analysis");
    Dataset<Row> termCounts =
        termCounts(spark, articles, vocabulary.analyzer(configured), analysis);
    Dataset<Row> vocabDf = vocabulary.toDataset(spark);

    // The other days of those periods, as term_stats keeps them (its day rows of single outlets).
    SortedSet<LocalDate> otherDays = new TreeSet<>(periods.days());
    otherDays.removeAll(touched.dates());
    PeriodSet storedDays = PeriodSet.holding(otherDays, List.of(Grain.DAY));
    // Read as found (Warehouse.asFound): the write of term_stats reads them as it replaces them.
    Dataset<Row> stored =
        TermStats.storedDays(
            ctx.warehouse()
                .asFound(spark, ctx.runId(), List.of(Table.TERM_STATS))
                .read(spark, Table.TERM_STATS)
                .filter(storedDays.containsStored()));
    Dataset<Row> termStatsRows =
        TermStats.ofPeriods(
            TermStats.days(termCounts, vocabDf).unionByName(stored), vocabDf, periods);
    log.replaceStage(
        spark,
        "features: term_stats of the touched periods",
        Table.TERM_STATS,
        () -> termStatsRows,
        periods.containsStored(),
        periods.partitions());
    termCounts.unpersist();
    LOG.info(
        "features: analysed {} articles of the touched {} (the other {} days of their periods"
            + " from term_stats)",
        analysis.records(),
        touched,
        otherDays.size());
    LOG.info(
        "text analysis (tokenize, stem, count per article and per outlet and day): {}",
        analysis.summary("articles", "characters"));

    PeriodSet changed = periods.withFollowing(config.historyPeriods());
    PeriodSet needed = changed.withPreceding(config.historyPeriods());
    LOG.info(
        "features: distinctive_terms of {} (the touched periods and the {} after each), from the"
            + " term_stats of {}",
        changed,
        config.historyPeriods(),
        needed);
    Dataset<Row> termStats =
        ctx.warehouse().read(spark, Table.TERM_STATS).filter(needed.containsStored());
    Dataset<Row> distinctive =
        DistinctiveTerms.ofPeriods(
            termStats,
            DistinctiveTerms.prior(vocabDf, config.priorScale()),
            config.priorScale(),
            config.historyPeriods(),
            config.topTerms(),
            changed);
    log.replaceStage(
        spark,
        "features: distinctive_terms of the touched periods and their successors",
        Table.DISTINCTIVE_TERMS,
        () -> distinctive,
        changed.containsStored(),
        changed.partitions());
    return vocabulary;
  }

  /** Each article's term counts per outlet and day, cached for the vocabulary and term_stats. */
  private static Dataset<Row> termCounts(
      SparkSession spark, Dataset<Row> articles, Analyzer analyzer, CpuMeter analysis) {
    return TermCounts.perOutletAndDay(spark, articles, analyzer, analysis::measure)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The articles in the analysed languages; a missing language counts as undetermined. */
  static Dataset<Row> analysedArticles(Dataset<Row> articles, List<String> languages) {
    return articles
        .withColumn(Cols.LANGUAGE, coalesce(col(Cols.LANGUAGE), lit(Analyzer.UNDETERMINED)))
        .filter(col(Cols.LANGUAGE).isin(languages.toArray()));
  }

  private static void logLeftOut(Dataset<Row> articles, List<String> languages) {
    List<Row> leftOut =
        articles
            .withColumn(Cols.LANGUAGE, coalesce(col(Cols.LANGUAGE), lit(Analyzer.UNDETERMINED)))
            .filter(not(col(Cols.LANGUAGE).isin(languages.toArray())))
            .groupBy(Cols.LANGUAGE)
            .count()
            .orderBy(col("count").desc())
            .limit(20)
            .collectAsList();
    if (!leftOut.isEmpty()) {
      LOG.info(
          "left out of the term statistics, as their language is not in features.languages={}:"
              + " {}",
          languages,
          leftOut.stream().map(r -> r.getString(0) + "=" + r.getLong(1)).toList());
    }
  }
}
