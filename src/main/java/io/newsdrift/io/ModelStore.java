package io.newsdrift.io;

import io.newsdrift.features.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Versioned models under {@code <warehouse>/models}: vocabularies ({@code vocabulary/<version>/}:
 * the terms with IDF as Parquet, {@code _phrases.txt}, {@code _analyzer.txt}) and topic models
 * ({@code topics/<model_id>/}), each kind with a {@code CURRENT} file naming the version nightly
 * runs use. A version is written completely before {@code CURRENT} points to it.
 */
public final class ModelStore {
  private static final String PHRASES_FILE = "_phrases.txt";
  private static final String ANALYZER_FILE = "_analyzer.txt";

  private final Warehouse warehouse;

  public ModelStore(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  private String vocabularyPath(String version) {
    return warehouse.path("models/vocabulary/" + version);
  }

  public String topicModelPath(String modelId) {
    return warehouse.path("models/topics/" + modelId);
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
    writeText(spark, warehouse.path("models/vocabulary/CURRENT"), vocabulary.version());
  }

  /** The current vocabulary, if one was built. */
  public Optional<Vocabulary> currentVocabulary(SparkSession spark) {
    return readText(spark, warehouse.path("models/vocabulary/CURRENT"))
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

  public void saveTopicModel(
      SparkSession spark, String modelId, LocalLDAModel model, String metadataJson) {
    try {
      model.write().overwrite().save(topicModelPath(modelId) + "/lda");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save topic model " + modelId, e);
    }
    writeText(spark, topicModelPath(modelId) + "/model.json", metadataJson);
    writeText(spark, warehouse.path("models/topics/CURRENT"), modelId);
  }

  public Optional<String> currentTopicModel(SparkSession spark) {
    return readText(spark, warehouse.path("models/topics/CURRENT"));
  }

  public LocalLDAModel loadTopicModel(String modelId) {
    return LocalLDAModel.load(topicModelPath(modelId) + "/lda");
  }

  public String topicModelMetadata(SparkSession spark, String modelId) {
    return readText(spark, topicModelPath(modelId) + "/model.json")
        .orElseThrow(
            () -> new IllegalStateException("topic model " + modelId + " has no model.json"));
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
