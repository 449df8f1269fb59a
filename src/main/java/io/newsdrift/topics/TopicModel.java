package io.newsdrift.topics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A fitted LDA model: the variational topic-term parameters λ (topics x terms) over its vocabulary,
 * the document prior α, the seed that fixes each document's inference, and for each topic its
 * stable id (kept across model versions, see {@link TopicAlignment}) and its seeding theme ({@code
 * ""} when the topic was not seeded). Small enough to broadcast: k x vocabulary doubles.
 */
public final class TopicModel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** E-step limits of inference (as gensim's defaults: 50 iterations, mean change 0.001). */
  static final int INFER_MAX_ITER = 50;

  static final double INFER_TOL = 1e-3;

  private final List<String> vocabulary;
  private final double[][] lambda;
  private final double alpha;
  private final long seed;
  private final int[] topicIds;
  private final List<String> themes;

  public TopicModel(
      List<String> vocabulary,
      double[][] lambda,
      double alpha,
      long seed,
      int[] topicIds,
      List<String> themes) {
    if (lambda.length != topicIds.length || lambda.length != themes.size()) {
      throw new IllegalArgumentException(
          "topics disagree: " + lambda.length + " rows, " + topicIds.length + " ids");
    }
    for (double[] row : lambda) {
      if (row.length != vocabulary.size()) {
        throw new IllegalArgumentException(
            "a topic has " + row.length + " weights for " + vocabulary.size() + " terms");
      }
    }
    this.vocabulary = List.copyOf(vocabulary);
    this.lambda = lambda;
    this.alpha = alpha;
    this.seed = seed;
    this.topicIds = topicIds.clone();
    this.themes = List.copyOf(themes);
  }

  public int k() {
    return lambda.length;
  }

  public List<String> vocabulary() {
    return vocabulary;
  }

  public double alpha() {
    return alpha;
  }

  public long seed() {
    return seed;
  }

  /** λ of topic {@code t} (a copy). */
  public double[] lambda(int t) {
    return lambda[t].clone();
  }

  public int[] topicIds() {
    return topicIds.clone();
  }

  public List<String> themes() {
    return themes;
  }

  /** The same topics under other ids. */
  public TopicModel withTopicIds(int[] ids) {
    return new TopicModel(vocabulary, lambda, alpha, seed, ids, themes);
  }

  /** Each topic's term distribution E[β] (topics x terms; rows sum to 1). */
  public double[][] topicTermDistributions() {
    double[][] out = new double[k()][];
    for (int t = 0; t < k(); t++) {
      double sum = Arrays.stream(lambda[t]).sum();
      out[t] = new double[lambda[t].length];
      for (int w = 0; w < lambda[t].length; w++) {
        out[t][w] = lambda[t][w] / sum;
      }
    }
    return out;
  }

  double[][] expElogBeta() {
    return VbMath.expElogBeta(lambda);
  }

  /** Each topic's {@code n} most probable terms as vocabulary indices, most probable first. */
  public static List<int[]> topIndices(double[][] distributions, int n) {
    List<int[]> out = new ArrayList<>();
    for (double[] row : distributions) {
      out.add(
          IntStream.range(0, row.length)
              .boxed()
              // ties by term index, so the order is a pure function of the weights
              .sorted(Comparator.comparingDouble((Integer w) -> -row[w]).thenComparing(w -> w))
              .limit(n)
              .mapToInt(Integer::intValue)
              .toArray());
    }
    return out;
  }

  /** Each topic's {@code n} most probable terms, most probable first. */
  public List<List<String>> topTerms(int n) {
    List<List<String>> out = new ArrayList<>();
    for (int[] idx : topIndices(topicTermDistributions(), n)) {
      out.add(Arrays.stream(idx).mapToObj(vocabulary::get).toList());
    }
    return out;
  }

  /** A document's topic proportions (normalised γ), given this model's exp(E[log β]). */
  static double[] infer(BagOfWords doc, double[][] expElogBeta, double alpha, long seed) {
    return VbMath.proportions(
        VbMath.eStep(doc, expElogBeta, alpha, seed, INFER_MAX_ITER, INFER_TOL).gamma());
  }
}
