package io.newsdrift.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import io.newsdrift.schema.Cols;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of a {@link TopicModel}: documents in ({@link TopicDocuments#vectors} rows as {@link
 * BagOfWords}), {@code topic_terms} and {@code doc_topics} out.
 */
public final class VbTopics {
  private static final StructType DOC_TOPICS =
      new StructType()
          .add(Cols.ARTICLE_ID, DataTypes.StringType, false)
          .add(Cols.OUTLET, DataTypes.StringType, false)
          .add(Cols.DATE, DataTypes.DateType, false)
          .add(Cols.MODEL_ID, DataTypes.StringType, false)
          .add(
              Cols.TOPIC_DISTRIBUTION,
              DataTypes.createArrayType(DataTypes.DoubleType, false),
              false)
          .add(Cols.TOPIC_IDS, DataTypes.createArrayType(DataTypes.IntegerType, false), false)
          .add(Cols.TOP_TOPIC, DataTypes.IntegerType, false)
          .add(Cols.TOP_TOPIC_WEIGHT, DataTypes.DoubleType, false);

  private static final StructType TOPIC_TERMS =
      new StructType()
          .add(Cols.MODEL_ID, DataTypes.StringType, false)
          .add(Cols.TOPIC_ID, DataTypes.IntegerType, false)
          .add(Cols.LABEL, DataTypes.StringType, false)
          .add(Cols.RANK, DataTypes.IntegerType, false)
          .add(Cols.TERM, DataTypes.StringType, false)
          .add(Cols.WEIGHT, DataTypes.DoubleType, false);

  private static final long HOLDOUT_SALT = 0x484f4c44L;
  private static final long SAMPLE_SALT = 0x53414d50L;

  private VbTopics() {}

  /** A seeded hash of the article id in [0, 1), the same everywhere. */
  private static Column bucket(long seed, long salt) {
    return pmod(xxhash64(col(Cols.ARTICLE_ID), lit(seed ^ salt)), lit(1_000_000L))
        .divide(1_000_000.0);
  }

  /** Training and held-out articles. */
  public record Split(Dataset<Row> training, Dataset<Row> heldOut) {}

  /**
   * The held-out set and the training sample, chosen by a seeded hash of the article id (the MLlib
   * baseline the tests compare with uses the same), so neither depends on partitioning.
   */
  public static Split split(Dataset<Row> vectors, long seed, double holdout, double sample) {
    return new Split(
        vectors
            .filter(bucket(seed, HOLDOUT_SALT).geq(holdout))
            .filter(bucket(seed, SAMPLE_SALT).lt(sample)),
        vectors.filter(bucket(seed, HOLDOUT_SALT).lt(holdout)));
  }

  /** Documents with an {@code article_id} and a {@code features} count vector. */
  public static JavaRDD<BagOfWords> bags(Dataset<Row> vectors) {
    return vectors
        .select(col(Cols.ARTICLE_ID), col(TopicDocuments.FEATURES))
        .javaRDD()
        .map(r -> bag(r.getString(0), r.getAs(1)));
  }

  static BagOfWords bag(String articleId, Vector v) {
    SparseVector s = v.toSparse();
    return BagOfWords.of(articleId, s.indices(), s.values());
  }

  /**
   * {@code topic_terms}: each topic's {@code n} most probable terms with its stable id and label.
   */
  public static Dataset<Row> topicTerms(
      SparkSession spark, TopicModel model, List<String> labels, String modelId, int n) {
    double[][] dist = model.topicTermDistributions();
    List<int[]> top = TopicModel.topIndices(dist, n);
    int[] ids = model.topicIds();
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < model.k(); t++) {
      int[] idx = top.get(t);
      for (int i = 0; i < idx.length; i++) {
        rows.add(
            RowFactory.create(
                modelId,
                ids[t],
                labels.get(t),
                i + 1,
                model.vocabulary().get(idx[i]),
                dist[t][idx[i]]));
      }
    }
    return spark.createDataFrame(rows, TOPIC_TERMS);
  }

  /** {@code topic_terms} of no model: its columns, no rows. */
  public static Dataset<Row> noTopicTerms(SparkSession spark) {
    return spark.createDataFrame(List.of(), TOPIC_TERMS);
  }

  /** {@code doc_topics} of no model: its columns, no rows. */
  public static Dataset<Row> noDocTopics(SparkSession spark) {
    return spark.createDataFrame(List.of(), DOC_TOPICS);
  }

  /**
   * {@code doc_topics}: each article's topic proportions in the model's topic order, the stable ids
   * of those topics ({@code topic_ids}, aligned with the proportions), and its top topic by id.
   *
   * @param vectors {@link TopicDocuments#vectors} rows (article_id, outlet, date, features)
   */
  public static Dataset<Row> docTopics(
      SparkSession spark, TopicModel model, Dataset<Row> vectors, String modelId) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[][]> expElogBeta = jsc.broadcast(model.expElogBeta());
    double alpha = model.alpha();
    long seed = model.seed();
    int[] ids = model.topicIds();
    Integer[] boxedIds = java.util.Arrays.stream(ids).boxed().toArray(Integer[]::new);
    JavaRDD<Row> rows =
        vectors
            .select(
                col(Cols.ARTICLE_ID),
                col(Cols.OUTLET),
                col(Cols.DATE),
                col(TopicDocuments.FEATURES))
            .javaRDD()
            .map(
                r -> {
                  double[] theta =
                      TopicModel.infer(
                          bag(r.getString(0), r.getAs(3)), expElogBeta.value(), alpha, seed);
                  int top = 0;
                  for (int t = 1; t < theta.length; t++) {
                    if (theta[t] > theta[top]) {
                      top = t;
                    }
                  }
                  Double[] boxed = new Double[theta.length];
                  for (int t = 0; t < theta.length; t++) {
                    boxed[t] = theta[t];
                  }
                  return RowFactory.create(
                      r.get(0), r.get(1), r.get(2), modelId, boxed, boxedIds, ids[top], theta[top]);
                });
    return spark.createDataFrame(rows, DOC_TOPICS);
  }
}
