package io.newsdrift.jobs;

import io.newsdrift.config.AnalyzerConfig;
import io.newsdrift.config.FeaturesConfig;
import io.newsdrift.features.DistinctiveTerms;
import io.newsdrift.features.TermCounts;
import io.newsdrift.features.TermStats;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.JobGroups;
import io.newsdrift.text.Analyzer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code features}: {@code articles} to the vocabulary, {@code term_stats} and {@code
 * distinctive_terms}. The vocabulary is frozen: a new one is built only when none exists or when
 * asked ({@code features --new-vocabulary}), so nightly runs keep the same terms and ids.
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
    Analyzer analyzer = new Analyzer(AnalyzerConfig.from(ctx.settings()));
    ModelStore models = new ModelStore(ctx.warehouse());
    Dataset<Row> articles = ctx.warehouse().read(spark, Table.ARTICLES);
    Dataset<Row> termCounts =
        TermCounts.perArticle(spark, articles, analyzer).persist(StorageLevel.MEMORY_AND_DISK());

    Vocabulary vocabulary =
        log.stage(
            "vocabulary",
            () -> {
              if (!newVocabulary) {
                var current = models.currentVocabulary(spark);
                if (current.isPresent()) {
                  LOG.info("using the frozen vocabulary {}", current.get().version());
                  return current.get();
                }
              }
              return JobGroups.describe(
                  spark,
                  "features: build the vocabulary",
                  () -> {
                    long docs = articles.count();
                    Vocabulary v =
                        Vocabulary.fit(termCounts, docs, config.vocabSize(), config.minDocFreq());
                    models.saveVocabulary(spark, v);
                    LOG.info(
                        "built vocabulary {} of {} terms from {} articles",
                        v.version(),
                        v.size(),
                        docs);
                    return v;
                  });
            });
    Dataset<Row> vocabDf = vocabulary.toDataset(spark);
    log.writeStage(
        spark,
        "features: term_stats",
        Table.TERM_STATS,
        () -> TermStats.compute(termCounts, vocabDf, Grain.parseAll(config.grains())));
    termCounts.unpersist();
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
}
