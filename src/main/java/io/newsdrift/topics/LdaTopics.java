package io.newsdrift.topics;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.newsdrift.config.TopicsConfig;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Hashes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Topic models with MLlib's LDA (online variational Bayes, Hoffman et al. 2010), seeded. The
 * held-out split and the training sample are chosen by a seeded hash of the article id, so they do
 * not depend on partitioning.
 */
public final class LdaTopics {
  private static final long HOLDOUT_SALT = 0x484f4c44L;
  private static final long SAMPLE_SALT = 0x53414d50L;
  private static final int LABEL_TERMS = 3;

  private LdaTopics() {}

  /** A fitted model, the vocabulary it sees, and the documents it was (not) fitted on. */
  public record Fit(
      LocalLDAModel model, List<String> vocabulary, Dataset<Row> training, Dataset<Row> heldOut) {}

  /** Whether an article is in the held-out set: a seeded hash of its id, stable everywhere. */
  static Column bucket(long seed, long salt) {
    return org.apache
        .spark
        .sql
        .functions
        .pmod(xxhash64(col(Cols.ARTICLE_ID), lit(seed ^ salt)), lit(1_000_000L))
        .divide(1_000_000.0);
  }

  public static Fit fit(Dataset<Row> vectors, List<String> vocabulary, TopicsConfig config) {
    Dataset<Row> heldOut =
        vectors.filter(bucket(config.seed(), HOLDOUT_SALT).lt(config.holdoutFraction()));
    Dataset<Row> training =
        vectors
            .filter(bucket(config.seed(), HOLDOUT_SALT).geq(config.holdoutFraction()))
            .filter(bucket(config.seed(), SAMPLE_SALT).lt(config.sampleFraction()));
    long docs = training.count();
    if (docs < config.k()) {
      throw new IllegalStateException(
          "too few articles to fit " + config.k() + " topics: " + docs + " with vocabulary terms");
    }
    // Online LDA samples a mini-batch per iteration; aim for about two passes over the corpus.
    double miniBatch = Math.min(1.0, Math.max(0.05, 2.0 / config.maxIter()));
    LDA lda =
        new LDA()
            .setK(config.k())
            .setMaxIter(config.maxIter())
            .setSeed(config.seed())
            .setOptimizer("online")
            .setSubsamplingRate(miniBatch)
            .setFeaturesCol(TopicDocuments.FEATURES);
    LocalLDAModel model = (LocalLDAModel) lda.fit(training);
    return new Fit(model, vocabulary, training, heldOut);
  }

  /** A content id for a model: the same vocabulary, settings and training set give the same id. */
  public static String modelId(String vocabVersion, TopicsConfig config, long trainingDocs) {
    return "lda-"
        + Hashes.sha256(vocabVersion + "|" + config + "|" + trainingDocs).substring(0, 12);
  }

  /** Each topic's top terms, most probable first. */
  public static List<List<String>> topTerms(LocalLDAModel model, List<String> vocabulary, int n) {
    List<List<String>> out = new ArrayList<>();
    for (Row r : model.describeTopics(n).orderBy("topic").collectAsList()) {
      List<String> terms = new ArrayList<>();
      for (Integer i : r.<Integer>getList(1)) {
        terms.add(vocabulary.get(i));
      }
      out.add(terms);
    }
    return out;
  }

  /** {@code topic_terms} rows; a topic's label is its three most probable terms. */
  public static Dataset<Row> topicTerms(
      SparkSession spark, LocalLDAModel model, List<String> vocabulary, String modelId, int n) {
    StructType schema =
        new StructType()
            .add(Cols.MODEL_ID, DataTypes.StringType, false)
            .add(Cols.TOPIC_ID, DataTypes.IntegerType, false)
            .add(Cols.LABEL, DataTypes.StringType, false)
            .add(Cols.RANK, DataTypes.IntegerType, false)
            .add(Cols.TERM, DataTypes.StringType, false)
            .add(Cols.WEIGHT, DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    for (Row r : model.describeTopics(n).orderBy("topic").collectAsList()) {
      int topic = r.getInt(0);
      List<Integer> indices = r.getList(1);
      List<Double> weights = r.getList(2);
      List<String> labelTerms = new ArrayList<>();
      for (int i = 0; i < Math.min(LABEL_TERMS, indices.size()); i++) {
        labelTerms.add(vocabulary.get(indices.get(i)));
      }
      String label = String.join(" / ", labelTerms);
      for (int i = 0; i < indices.size(); i++) {
        rows.add(
            RowFactory.create(
                modelId, topic, label, i + 1, vocabulary.get(indices.get(i)), weights.get(i)));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  /** {@code doc_topics}: each article's topic distribution and its top topic. */
  public static Dataset<Row> docTopics(LocalLDAModel model, Dataset<Row> vectors, String modelId) {
    Column dist = functions.vector_to_array(col("topicDistribution"), "float64");
    return model
        .setFeaturesCol(TopicDocuments.FEATURES)
        .transform(vectors)
        .withColumn(Cols.TOPIC_DISTRIBUTION, dist)
        .withColumn(Cols.TOP_TOPIC_WEIGHT, array_max(col(Cols.TOPIC_DISTRIBUTION)))
        .withColumn(
            Cols.TOP_TOPIC,
            array_position(col(Cols.TOPIC_DISTRIBUTION), col(Cols.TOP_TOPIC_WEIGHT))
                .minus(1)
                .cast("int"))
        .withColumn(Cols.MODEL_ID, lit(modelId));
  }
}
