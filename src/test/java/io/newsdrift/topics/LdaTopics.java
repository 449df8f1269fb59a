package io.newsdrift.topics;

import io.newsdrift.config.TopicsConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * MLlib's LDA (its online variational Bayes optimizer), seeded: the baseline that {@link
 * VariationalLda} is compared with in {@link ReutersTopicsTest} ({@code bench/topics.sh} fits MLlib
 * itself, in {@link TopicsBenchmark}). It takes one scalar prior for all topics and terms, so it
 * cannot seed themes. The held-out split and the training sample are the same as {@link
 * VbTopics#split}'s. Test code: no job uses it.
 */
final class LdaTopics {
  private LdaTopics() {}

  /** A fitted model, the vocabulary it sees, and the documents it was (not) fitted on. */
  public record Fit(
      LocalLDAModel model, List<String> vocabulary, Dataset<Row> training, Dataset<Row> heldOut) {}

  public static Fit fit(Dataset<Row> vectors, List<String> vocabulary, TopicsConfig config) {
    VbTopics.Split split =
        VbTopics.split(vectors, config.seed(), config.holdoutFraction(), config.sampleFraction());
    Dataset<Row> heldOut = split.heldOut();
    Dataset<Row> training = split.training();
    long docs = training.count();
    VariationalLda.cannotFit(config.k(), vocabulary.size(), docs)
        .ifPresent(
            why -> {
              throw new IllegalStateException("cannot fit " + config.k() + " topics: " + why);
            });
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
}
