package io.newsdrift.io;

import io.newsdrift.features.Vocabulary;
import io.newsdrift.topics.ModelMetadata;
import io.newsdrift.topics.TopicModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Versioned models under {@code <warehouse>/models}: vocabularies ({@code vocabulary/<version>/}:
 * the terms with IDF as Parquet, {@code _phrases.txt}, {@code _analyzer.txt}) and topic models
 * ({@code topics/<model_id>/}), each kind with a {@code CURRENT} file naming the version nightly
 * runs use. A version is written completely before {@code CURRENT} points to it.
 */
public final class ModelStore {
  private static final String PHRASES_FILE = "_phrases.txt";
  private static final String ANALYZER_FILE = "_analyzer.txt";

  private static final String TOPIC_INDEX = "topic_index";
  private static final StructType LAMBDA_SCHEMA =
      new StructType()
          .add(TOPIC_INDEX, DataTypes.IntegerType, false)
          .add("lambda", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  private final Warehouse warehouse;

  public ModelStore(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  private String vocabularyPath(String version) {
    return warehouse.location("models/vocabulary/" + version);
  }

  public String topicModelPath(String modelId) {
    return warehouse.location("models/topics/" + modelId);
  }

  public void saveVocabulary(SparkSession spark, Vocabulary vocabulary) {
    vocabulary
        .toDataset(spark)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(vocabularyPath(vocabulary.version()));
    // Beside the terms; a leading underscore keeps Parquet readers from taking them for data.
    writeText(
        spark,
        vocabularyPath(vocabulary.version()) + "/" + PHRASES_FILE,
        String.join("\n", vocabulary.phrases()));
    writeText(
        spark,
        vocabularyPath(vocabulary.version()) + "/" + ANALYZER_FILE,
        vocabulary.analyzerSettings());
    writeText(spark, warehouse.location("models/vocabulary/CURRENT"), vocabulary.version());
  }

  /** The current vocabulary, if one was built. */
  public Optional<Vocabulary> currentVocabulary(SparkSession spark) {
    return readText(spark, warehouse.location("models/vocabulary/CURRENT"))
        .map(
            v -> {
              String dir = vocabularyPath(v);
              List<String> phrases =
                  readText(spark, dir + "/" + PHRASES_FILE).stream()
                      .flatMap(String::lines)
                      .filter(l -> !l.isBlank())
                      .toList();
              String settings =
                  readText(spark, dir + "/" + ANALYZER_FILE)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "vocabulary "
                                      + v
                                      + " has no "
                                      + ANALYZER_FILE
                                      + "; build a new one (features --new-vocabulary)"));
              return Vocabulary.fromRows(
                  spark.read().parquet(dir).collectAsList(), phrases, settings);
            });
  }

  /**
   * Saves a topic model version: {@code lambda/} (Parquet, one row per topic in the model's order:
   * topic_index, lambda) and {@code model.json} ({@link ModelMetadata}, which holds everything else
   * needed to load it), the latter last. It is not current until {@link #makeCurrentTopicModel}
   * names it.
   */
  public void saveTopicModel(SparkSession spark, TopicModel model, ModelMetadata metadata) {
    String modelId = metadata.modelId();
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < model.k(); t++) {
      double[] lambda = model.lambda(t);
      Double[] boxed = new Double[lambda.length];
      for (int w = 0; w < lambda.length; w++) {
        boxed[w] = lambda[w];
      }
      rows.add(RowFactory.create(t, boxed));
    }
    spark
        .createDataFrame(rows, LAMBDA_SCHEMA)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(topicModelPath(modelId) + "/lambda");
    writeText(spark, metadataPath(modelId), metadata.toJson());
  }

  /**
   * Makes a saved model the one nightly runs apply. Call it once whatever the model's version owes
   * the warehouse is committed: a run sees a current model as done, and only applies it.
   */
  public void makeCurrentTopicModel(SparkSession spark, String modelId) {
    writeText(spark, warehouse.location("models/topics/CURRENT"), modelId);
  }

  /** Whether a model version with this id was saved completely (its model.json is written last). */
  public boolean topicModelExists(SparkSession spark, String modelId) {
    return readText(spark, metadataPath(modelId)).isPresent();
  }

  public Optional<String> currentTopicModel(SparkSession spark) {
    return readText(spark, warehouse.location("models/topics/CURRENT"));
  }

  /** A saved model, ready to apply. */
  public TopicModel loadTopicModel(SparkSession spark, String modelId) {
    return topicModelMetadata(spark, modelId).model(loadTopicLambda(spark, modelId));
  }

  /** The λ rows of a saved model, in topic order (k rows of vocabulary size). */
  private double[][] loadTopicLambda(SparkSession spark, String modelId) {
    List<Row> rows =
        spark
            .read()
            .parquet(topicModelPath(modelId) + "/lambda")
            .orderBy(TOPIC_INDEX)
            .collectAsList();
    double[][] lambda = new double[rows.size()][];
    for (int t = 0; t < rows.size(); t++) {
      List<Double> values = rows.get(t).getList(1);
      lambda[t] = values.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return lambda;
  }

  public ModelMetadata topicModelMetadata(SparkSession spark, String modelId) {
    String json =
        readText(spark, metadataPath(modelId))
            .orElseThrow(
                () -> new IllegalStateException("topic model " + modelId + " has no model.json"));
    try {
      return ModelMetadata.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "model.json of " + modelId + " cannot be read: " + e.getMessage(), e);
    }
  }

  private String metadataPath(String modelId) {
    return topicModelPath(modelId) + "/model.json";
  }

  private static void writeText(SparkSession spark, String path, String text) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static Optional<String> readText(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
