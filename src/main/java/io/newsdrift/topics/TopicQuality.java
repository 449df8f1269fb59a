package io.newsdrift.topics;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Honest numbers about a topic model, computed the same way for every model so they compare.
 *
 * <ul>
 *   <li>NPMI coherence of each topic's top terms (Bouma 2009; Röder et al. 2015), from document
 *       co-occurrence over the corpus: {@code ln(p(a,b) / (p(a) p(b))) / -ln p(a,b)}, -1 for pairs
 *       that never co-occur, averaged over all pairs of the top terms.
 *   <li>Topic diversity (Dieng et al. 2020): the share of unique terms among all topics' top 25.
 *   <li>Stability: for each topic, the best cosine similarity of its term distribution to a topic
 *       of a model fitted with another seed.
 *   <li>Held-out log-perplexity: minus the mean log-likelihood per token of held-out documents,
 *       {@code -Σ c(d,w) ln Σ_t θ(d,t) β(t,w) / Σ c(d,w)}, with θ inferred on the document and β
 *       the topics' mean term distributions. Lower is better; comparable between models over the
 *       same vocabulary and held-out set only.
 * </ul>
 */
public final class TopicQuality {
  public static final int NPMI_TOP_TERMS = 10;
  public static final int DIVERSITY_TOP_TERMS = 25;

  private TopicQuality() {}

  /**
   * Mean NPMI per topic.
   *
   * @param docTerms documents with a {@code terms} array column
   * @param topTerms each topic's top terms, most probable first
   */
  public static double[] npmi(
      SparkSession spark, Dataset<Row> docTerms, List<List<String>> topTerms) {
    Map<String, List<Integer>> topicsOfTerm = new HashMap<>();
    for (int t = 0; t < topTerms.size(); t++) {
      for (String w : topTerms.get(t)) {
        topicsOfTerm.computeIfAbsent(w, x -> new ArrayList<>()).add(t);
      }
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, List<Integer>>> index = jsc.broadcast(topicsOfTerm);
    // Keys: "term" for document frequencies, "a\tb" (a < b) for co-occurrence; small: bounded by
    // topics x top terms squared, so the counts come back to the driver.
    Dataset<Row> docs = docTerms.select(col(TopicDocuments.TERMS));
    long n = docs.count();
    Map<String, Long> counts =
        docs.javaRDD()
            .flatMapToPair(
                r -> {
                  Set<String> present = new HashSet<>();
                  for (String w : r.<String>getList(0)) {
                    if (index.value().containsKey(w)) {
                      present.add(w);
                    }
                  }
                  List<Tuple2<String, Long>> out = new ArrayList<>();
                  List<String> sorted = new ArrayList<>(present);
                  java.util.Collections.sort(sorted);
                  for (int i = 0; i < sorted.size(); i++) {
                    out.add(new Tuple2<>(sorted.get(i), 1L));
                    for (int j = i + 1; j < sorted.size(); j++) {
                      out.add(new Tuple2<>(sorted.get(i) + "\t" + sorted.get(j), 1L));
                    }
                  }
                  return out.iterator();
                })
            .reduceByKey(Long::sum)
            .collectAsMap();
    double[] out = new double[topTerms.size()];
    for (int t = 0; t < topTerms.size(); t++) {
      List<String> top = topTerms.get(t);
      double sum = 0;
      int pairs = 0;
      for (int i = 0; i < top.size(); i++) {
        for (int j = i + 1; j < top.size(); j++) {
          String a = top.get(i).compareTo(top.get(j)) < 0 ? top.get(i) : top.get(j);
          String b = a.equals(top.get(i)) ? top.get(j) : top.get(i);
          sum +=
              npmi(
                  counts.getOrDefault(a, 0L),
                  counts.getOrDefault(b, 0L),
                  counts.getOrDefault(a + "\t" + b, 0L),
                  n);
          pairs++;
        }
      }
      out[t] = pairs == 0 ? Double.NaN : sum / pairs;
    }
    return out;
  }

  static double npmi(long dfA, long dfB, long dfAB, long n) {
    if (dfAB == 0 || n == 0) {
      return -1.0;
    }
    double pab = (double) dfAB / n;
    double pa = (double) dfA / n;
    double pb = (double) dfB / n;
    if (pab >= 1.0) {
      return 1.0;
    }
    return Math.log(pab / (pa * pb)) / -Math.log(pab);
  }

  /** Unique share of the top terms across topics. */
  public static double diversity(List<List<String>> topTerms) {
    Set<String> unique = new HashSet<>();
    int total = 0;
    for (List<String> top : topTerms) {
      List<String> head = top.subList(0, Math.min(DIVERSITY_TOP_TERMS, top.size()));
      unique.addAll(head);
      total += head.size();
    }
    return total == 0 ? Double.NaN : (double) unique.size() / total;
  }

  /**
   * For each topic of {@code a} (vocabulary x topics), the best cosine similarity to a topic of
   * {@code b} over the same vocabulary.
   */
  public static double[] bestMatch(Matrix a, Matrix b) {
    double[] out = new double[a.numCols()];
    for (int i = 0; i < a.numCols(); i++) {
      double best = 0;
      for (int j = 0; j < b.numCols(); j++) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int w = 0; w < a.numRows(); w++) {
          double x = a.apply(w, i);
          double y = b.apply(w, j);
          dot += x * y;
          na += x * x;
          nb += y * y;
        }
        if (na > 0 && nb > 0) {
          best = Math.max(best, dot / Math.sqrt(na * nb));
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * For each topic of {@code a} (topics x terms), the best cosine similarity to a topic of {@code
   * b} over the same vocabulary.
   */
  public static double[] bestMatch(double[][] a, double[][] b, List<String> vocabulary) {
    double[][] sim =
        TopicAlignment.similarity(
            new TopicAlignment.Topics(new int[a.length], a, vocabulary),
            new TopicAlignment.Topics(new int[b.length], b, vocabulary));
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      for (double x : sim[i]) {
        out[i] = Math.max(out[i], x);
      }
    }
    return out;
  }

  /** Held-out log-perplexity of {@code model} on {@code heldOut}; NaN without documents. */
  public static double logPerplexity(JavaRDD<BagOfWords> heldOut, TopicModel model) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(heldOut.context());
    Broadcast<double[][]> expElogBeta = jsc.broadcast(model.expElogBeta());
    Broadcast<double[][]> beta = jsc.broadcast(model.topicTermDistributions());
    double alpha = model.alpha();
    long seed = model.seed();
    // Fixed point per document, so that the sum does not depend on the order of tasks.
    long[] sums =
        heldOut
            .map(
                d -> {
                  double[] theta = TopicModel.infer(d, expElogBeta.value(), alpha, seed);
                  double ll = 0;
                  for (int j = 0; j < d.termIds().length; j++) {
                    double p = 0;
                    for (int t = 0; t < theta.length; t++) {
                      p += theta[t] * beta.value()[t][d.termIds()[j]];
                    }
                    ll += d.counts()[j] * Math.log(p);
                  }
                  return new long[] {Math.round(ll * 1024), Math.round(d.tokens())};
                })
            .fold(new long[2], (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
    expElogBeta.destroy();
    beta.destroy();
    return sums[1] == 0 ? Double.NaN : -(sums[0] / 1024.0) / sums[1];
  }
}
