package io.newsdrift.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newsdrift.config.AnalyzerConfig;
import io.newsdrift.config.TopicsConfig;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.JobGroups;
import io.newsdrift.text.Analyzer;
import io.newsdrift.topics.LdaTopics;
import io.newsdrift.topics.TopicDocuments;
import io.newsdrift.topics.TopicQuality;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code topics fit}: fits a seeded LDA model on {@code articles} over the frozen vocabulary, saves
 * it as a new version under {@code models/topics/<model_id>} and makes it current, writes {@code
 * topic_terms} and {@code topic_quality}, then applies it. {@code topics apply}: writes {@code
 * doc_topics} for every article with the current model, without refitting.
 */
public final class TopicsJob {
  private static final Logger LOG = LoggerFactory.getLogger(TopicsJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunContext ctx;

  public TopicsJob(RunContext ctx) {
    this.ctx = ctx;
  }

  /** Fits, records and applies a new model; returns its id. */
  public String fit(SparkSession spark, RunLog log) {
    TopicsConfig config = TopicsConfig.from(ctx.settings());
    ModelStore models = new ModelStore(ctx.warehouse());
    Vocabulary vocabulary =
        models
            .currentVocabulary(spark)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no vocabulary in the warehouse: run 'features' first"));
    List<String> terms = vocabulary.head(config.vocabSize());
    Dataset<Row> docTerms = documentTerms(spark).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> vectors =
        TopicDocuments.vectors(docTerms, terms).persist(StorageLevel.MEMORY_AND_DISK());
    log.seed("topics", config.seed());

    LdaTopics.Fit fit =
        log.stage(
            "topics_fit",
            () ->
                JobGroups.describe(
                    spark,
                    "topics: fit LDA k=" + config.k(),
                    () -> LdaTopics.fit(vectors, terms, config)));
    long trainingDocs = fit.training().count();
    String modelId = LdaTopics.modelId(vocabulary.version(), config, trainingDocs);
    log.modelId(modelId);
    LOG.info("fitted topic model {} on {} articles", modelId, trainingDocs);

    double[] stability = null;
    if (config.stabilityCheck()) {
      TopicsConfig other = config.withSeed(config.seed() + 1);
      log.seed("topics_stability", other.seed());
      LocalLDAModel second =
          log.stage(
              "topics_stability",
              () ->
                  JobGroups.describe(
                      spark,
                      "topics: fit a second seed for stability",
                      () -> LdaTopics.fit(vectors, terms, other).model()));
      stability = TopicQuality.bestMatch(fit.model().topicsMatrix(), second.topicsMatrix());
    }
    List<List<String>> top =
        LdaTopics.topTerms(
            fit.model(), terms, Math.max(TopicQuality.DIVERSITY_TOP_TERMS, config.topTerms()));
    List<List<String>> top10 =
        top.stream()
            .map(t -> t.subList(0, Math.min(TopicQuality.NPMI_TOP_TERMS, t.size())))
            .toList();
    double[] npmi = log.stage("topics_quality", () -> TopicQuality.npmi(spark, docTerms, top10));
    double perplexity =
        fit.heldOut().isEmpty() ? Double.NaN : fit.model().logPerplexity(fit.heldOut());

    models.saveTopicModel(
        spark, modelId, fit.model(), metadata(modelId, config, vocabulary, terms, trainingDocs));
    ctx.warehouse()
        .write(
            spark,
            Table.TOPIC_TERMS,
            LdaTopics.topicTerms(spark, fit.model(), terms, modelId, config.topTerms()));
    ctx.warehouse()
        .write(
            spark,
            Table.TOPIC_QUALITY,
            qualityRows(spark, modelId, npmi, TopicQuality.diversity(top), perplexity, stability));
    vectors.unpersist();
    docTerms.unpersist();
    apply(spark, log);
    return modelId;
  }

  /** Writes {@code doc_topics} with the current model; returns its id. */
  public String apply(SparkSession spark, RunLog log) {
    ModelStore models = new ModelStore(ctx.warehouse());
    String modelId =
        models
            .currentTopicModel(spark)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no topic model in the warehouse: run 'topics fit' first"));
    log.modelId(modelId);
    LocalLDAModel model = models.loadTopicModel(modelId);
    List<String> terms = vocabularyOf(spark, models, modelId);
    Dataset<Row> vectors = TopicDocuments.vectors(documentTerms(spark), terms);
    log.writeStage(
        spark,
        "topics: apply " + modelId,
        Table.DOC_TOPICS,
        () -> LdaTopics.docTopics(model, vectors, modelId));
    return modelId;
  }

  private Dataset<Row> documentTerms(SparkSession spark) {
    Analyzer analyzer = new Analyzer(AnalyzerConfig.from(ctx.settings()));
    return TopicDocuments.terms(spark, ctx.warehouse().read(spark, Table.ARTICLES), analyzer);
  }

  private static String metadata(
      String modelId,
      TopicsConfig config,
      Vocabulary vocabulary,
      List<String> terms,
      long trainingDocs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model_id", modelId);
    root.put("algorithm", "mllib-lda-online");
    root.put("k", config.k());
    root.put("max_iter", config.maxIter());
    root.put("seed", config.seed());
    root.put("holdout_fraction", config.holdoutFraction());
    root.put("sample_fraction", config.sampleFraction());
    root.put("vocab_version", vocabulary.version());
    root.put("training_documents", trainingDocs);
    root.put("code_version", RunLog.codeVersion());
    terms.forEach(root.putArray("vocabulary")::add);
    return root.toPrettyString();
  }

  private static List<String> vocabularyOf(SparkSession spark, ModelStore models, String modelId) {
    try {
      List<String> out = new ArrayList<>();
      JSON.readTree(models.topicModelMetadata(spark, modelId))
          .get("vocabulary")
          .forEach(n -> out.add(n.asText()));
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("model.json of " + modelId + " is not valid JSON", e);
    }
  }

  private static Dataset<Row> qualityRows(
      SparkSession spark,
      String modelId,
      double[] npmi,
      double diversity,
      double perplexity,
      double[] stability) {
    StructType schema =
        new StructType()
            .add(Cols.MODEL_ID, DataTypes.StringType, false)
            .add(Cols.TOPIC_ID, DataTypes.IntegerType, false)
            .add(Cols.NPMI, DataTypes.DoubleType, true)
            .add(Cols.TOPIC_DIVERSITY, DataTypes.DoubleType, true)
            .add(Cols.LOG_PERPLEXITY, DataTypes.DoubleType, true)
            .add(Cols.STABILITY, DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    double npmiSum = 0;
    double stabilitySum = 0;
    for (int t = 0; t < npmi.length; t++) {
      Double s = stability == null ? null : stability[t];
      rows.add(RowFactory.create(modelId, t, npmi[t], null, null, s));
      npmiSum += npmi[t];
      stabilitySum += stability == null ? 0 : stability[t];
    }
    rows.add(
        RowFactory.create(
            modelId,
            Cols.MODEL_LEVEL,
            npmiSum / npmi.length,
            diversity,
            Double.isNaN(perplexity) ? null : perplexity,
            stability == null ? null : stabilitySum / npmi.length));
    return spark.createDataFrame(rows, schema);
  }
}
