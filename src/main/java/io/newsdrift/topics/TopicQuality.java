package io.newsdrift.topics;

import static org.apache.spark.sql.functions.col;

import io.newsdrift.schema.Cols;
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
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Honest numbers about a topic model, computed the same way for every model so they compare, and
 * their table {@code topic_quality} ({@link Scores}).
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

  private static final StructType TOPIC_QUALITY =
      new StructType()
          .add(Cols.MODEL_ID, DataTypes.StringType, false)
          .add(Cols.TOPIC_ID, DataTypes.IntegerType, false)
          .add(Cols.NPMI, DataTypes.DoubleType, true)
          .add(Cols.TOPIC_DIVERSITY, DataTypes.DoubleType, true)
          .add(Cols.LOG_PERPLEXITY, DataTypes.DoubleType, true)
          .add(Cols.STABILITY, DataTypes.DoubleType, true)
          .add(Cols.MATCH_SIMILARITY, DataTypes.DoubleType, true);

  private TopicQuality() {}

  /** Mean NPMI of each topic's {@link #NPMI_TOP_TERMS} top terms. */
  public static double[] npmi(SparkSession spark, Dataset<Row> docTerms, TopicModel model) {
    return npmi(spark, docTerms, model.topTerms(NPMI_TOP_TERMS));
  }

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

  /**
   * One model's numbers: per topic (in the model's order) NPMI, stability (null when it was not
   * measured) and the similarity of the previous model's topic it was matched with (NaN for a new
   * id); for the model, diversity and held-out log-perplexity (NaN without held-out articles).
   */
  public record Scores(
      double[] npmi,
      double diversity,
      double logPerplexity,
      double[] stability,
      double[] matchSimilarity) {

    /**
     * {@code topic_quality}: a row per topic, then the model's row ({@link Cols#MODEL_LEVEL}) with
     * the means over its topics; a number that was not measured is null.
     */
    public Dataset<Row> rows(SparkSession spark, String modelId, int[] topicIds) {
      List<Row> rows = new ArrayList<>();
      double matchSum = 0;
      int matched = 0;
      for (int t = 0; t < npmi.length; t++) {
        Double s = stability == null ? null : stability[t];
        Double m = Double.isNaN(matchSimilarity[t]) ? null : matchSimilarity[t];
        rows.add(RowFactory.create(modelId, topicIds[t], npmi[t], null, null, s, m));
        if (m != null) {
          matchSum += m;
          matched++;
        }
      }
      rows.add(
          RowFactory.create(
              modelId,
              Cols.MODEL_LEVEL,
              mean(npmi),
              diversity,
              Double.isNaN(logPerplexity) ? null : logPerplexity,
              stability == null ? null : mean(stability),
              // the mean over all topics, a new one counting 0
              matched == 0 ? null : matchSum / npmi.length));
      return spark.createDataFrame(rows, TOPIC_QUALITY);
    }

    /** The model as a sweep candidate (means over its topics; stability NaN when not measured). */
    public TopicSweep.Candidate candidate(int k, String modelId) {
      return new TopicSweep.Candidate(
          k,
          modelId,
          mean(npmi),
          diversity,
          logPerplexity,
          stability == null ? Double.NaN : mean(stability));
    }
  }

  /**
   * The scores of {@code model} besides NPMI (which takes a pass over the corpus of its own).
   *
   * @param otherSeed the same fit with another seed, for stability; null to skip it
   * @param matchSimilarity {@link TopicAlignment.Result#similarity()}
   */
  public static Scores scores(
      TopicModel model,
      TopicModel otherSeed,
      double[] npmi,
      JavaRDD<BagOfWords> heldOut,
      double[] matchSimilarity) {
    double[] stability =
        otherSeed == null
            ? null
            : bestMatch(
                model.topicTermDistributions(),
                otherSeed.topicTermDistributions(),
                model.vocabulary());
    return new Scores(
        npmi,
        diversity(model.topTerms(DIVERSITY_TOP_TERMS)),
        logPerplexity(heldOut, model),
        stability,
        matchSimilarity);
  }

  /** {@code topic_quality} of no model: its columns, no rows. */
  public static Dataset<Row> noRows(SparkSession spark) {
    return spark.createDataFrame(List.of(), TOPIC_QUALITY);
  }

  /** A plain sum in topic order: the model's row and the sweep candidate hold the same number. */
  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
