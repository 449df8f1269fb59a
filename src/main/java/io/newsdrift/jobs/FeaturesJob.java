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
 * terms and ids.
 */
public final class FeaturesJob {
  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

  private final RunContext ctx;
  private final boolean newVocabulary;

  public FeaturesJob(RunContext ctx, boolean newVocabulary) {
    this.ctx = ctx;
    this.newVocabulary = newVocabulary;
  }

  public Vocabulary run(SparkSession spark, RunLog log) {
    FeaturesConfig config = FeaturesConfig.from(ctx.settings());
    Analyzer configured = new Analyzer(AnalyzerConfig.from(ctx.settings()));
    ModelStore models = new ModelStore(ctx.warehouse());
    Dataset<Row> articles =
        analysedArticles(ctx.warehouse().read(spark, Table.ARTICLES), config.languages());
    logLeftOut(ctx.warehouse().read(spark, Table.ARTICLES), config.languages());

    // What analysing and counting the articles' text costs on its own, apart from the shuffles and
    // per-grain sums it feeds: the part of the stage a tokenizer-and-counter peer does.
    CpuMeter analysis = CpuMeter.register(spark.sparkContext(), "features: text analysis");
    Optional<Vocabulary> frozen =
        newVocabulary ? Optional.empty() : models.currentVocabulary(spark);
    Vocabulary vocabulary;
    Dataset<Row> termCounts;
    if (frozen.isPresent()) {
      vocabulary = frozen.get();
      LOG.info(
          "using the frozen vocabulary {} ({} terms, {} phrases)",
          vocabulary.version(),
          vocabulary.size(),
          vocabulary.phrases().size());
      termCounts =
          TermCounts.perOutletAndDay(spark, articles, vocabulary.analyzer(configured), analysis)
              .persist(StorageLevel.MEMORY_AND_DISK());
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
      termCounts =
          TermCounts.perOutletAndDay(spark, articles, analyzer, analysis)
              .persist(StorageLevel.MEMORY_AND_DISK());
      vocabulary =
          log.stage(
              "vocabulary",
              () ->
                  JobGroups.describe(
                      spark,
                      "features: build the vocabulary",
                      () -> {
                        Vocabulary v =
                            Vocabulary.fit(
                                termCounts,
                                docs,
                                config.vocabSize(),
                                config.minDocFreq(),
                                analyzer);
                        models.saveVocabulary(spark, v);
                        LOG.info(
                            "built vocabulary {} of {} terms from {} articles",
                            v.version(),
                            v.size(),
                            docs);
                        return v;
                      }));
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
    Dataset<Row> termStats = ctx.warehouse().read(spark, Table.TERM_STATS);
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
    return vocabulary;
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
