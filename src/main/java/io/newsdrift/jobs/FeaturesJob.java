package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.newsdrift.config.AnalyzerConfig;
import io.newsdrift.config.FeaturesConfig;
import io.newsdrift.features.DistinctiveTerms;
import io.newsdrift.features.Phrases;
import io.newsdrift.features.TermCounts;
import io.newsdrift.features.TermStats;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.CpuMeter;
import io.newsdrift.spark.JobGroups;
import io.newsdrift.text.Analyzer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 */
public final class FeaturesJob {
  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

  private final RunContext ctx;
  private final boolean newVocabulary;

  public FeaturesJob(RunContext ctx, boolean newVocabulary) {
    this.ctx = ctx;
    this.newVocabulary = newVocabulary;
  }

  /**
   * Runs the stage; returns the frozen vocabulary it used, empty when the articles gave too few
   * terms to freeze one (then it used an unsaved one of fewer than {@link Vocabulary#MIN_TERMS}).
   */
  public Optional<Vocabulary> run(SparkSession spark, RunLog log) {
    FeaturesConfig config = FeaturesConfig.from(ctx.settings());
    Analyzer configured = new Analyzer(AnalyzerConfig.from(ctx.settings()));
    ModelStore models = new ModelStore(ctx.warehouse());
    Dataset<Row> articles =
        analysedArticles(ctx.warehouse().read(spark, Table.ARTICLES), config.languages());
    logLeftOut(ctx.warehouse().read(spark, Table.ARTICLES), config.languages());

    // What analysing and counting the articles' text costs on its own, apart from the shuffles and
    // per-grain sums it feeds: the part of the stage a tokenizer-and-counter peer does.
    CpuMeter analysis = CpuMeter.register(spark.sparkContext(), "features: text analysis");
    // A frozen vocabulary of fewer terms (frozen by a version that froze any size) is rebuilt.
    Optional<Vocabulary> frozen =
        models.currentVocabulary(spark).filter(v -> v.size() >= Vocabulary.MIN_TERMS);
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
              "phrases",
              () ->
                  JobGroups.describe(
                      spark,
                      "features: find phrases",
                      () ->
                          Phrases.fit(
                              spark,
                              Phrases.sample(articles, docs, config.phraseSampleArticles()),
                              configured,
                              config.phraseMinCount(),
                              config.phraseMinNpmi(),
                              config.maxPhrases())));
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
              "vocabulary",
              () ->
                  JobGroups.describe(
                      spark,
                      "features: build the vocabulary",
                      () ->
                          Vocabulary.fit(
                              counts, docs, config.vocabSize(), config.minDocFreq(), analyzer)));
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

  /** Each article's term counts per outlet and day, cached for the vocabulary and term_stats. */
  private static Dataset<Row> termCounts(
      SparkSession spark, Dataset<Row> articles, Analyzer analyzer, CpuMeter analysis) {
    return TermCounts.perOutletAndDay(spark, articles, analyzer, analysis)
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
