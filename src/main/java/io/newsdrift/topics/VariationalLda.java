package io.newsdrift.topics;

import io.newsdrift.config.TopicsConfig;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online variational Bayes LDA (Hoffman, Blei and Bach 2010) on Spark, with a prior on each topic's
 * terms that may differ from topic to topic, so that theme lexicons can seed dedicated topics
 * (MLlib's LDA takes one scalar prior for every topic and term).
 *
 * <p>Each update takes one mini-batch of the cached documents: the E-step runs inside the
 * partitions (every document's γ by coordinate ascent against the broadcast exp(E[log β])), the
 * topic-term sufficient statistics are summed with {@code treeAggregate}, and the driver blends
 * them into λ with step size ρ = (offset + t)^-decay.
 *
 * <p>With {@code topics.estep_delay} = d > 0 the E-step of update t runs against λ as it was d
 * updates before (the first d + 1 updates against the initial λ), not against the latest λ.
 * gensim's {@code LdaMulticore} does this as a side effect of its pipeline (a worker infers a
 * queued chunk against the model queued with it: two updates old with one worker); here the delay
 * is fixed, so the fit stays deterministic, and it costs nothing. It explains the coherence gap to
 * {@code LdaMulticore} on the 100,000-article benchmark corpus (bench/topics.sh: k = 20, one pass
 * of 20 mini-batches, 11 seeds): without the delay the mean NPMI is 0.464, as gensim's synchronous
 * {@code LdaModel} (0.467); with d = 2 it is 0.502, against {@code LdaMulticore}'s 0.491, better on
 * 10 of the 11 seeds. Why the lag helps is not settled (lagging only the first updates made the
 * topics worse). It is off by default because on real news it trades coherence for likelihood: on
 * Reuters-21578 ({@code topics fit} at defaults, five seeds) d = 0, 1, 2 gave a mean NPMI of 0.187,
 * 0.184, 0.180 and a topic diversity of 0.67, 0.65, 0.64, but a held-out log-perplexity of 6.896,
 * 6.878, 6.876 and a stability between seeds of 0.70, 0.72, 0.74.
 *
 * <p>Deterministic given the seed, whatever the partitioning or the order of tasks: a document's
 * mini-batch and the start of its γ are drawn from its own key and the seed, and each document's
 * statistics are rounded to fixed point (2^-20) before they are summed, so the sums are exact
 * integer additions that do not depend on the order Spark combines them in.
 */
public final class VariationalLda {
  private static final Logger LOG = LoggerFactory.getLogger(VariationalLda.class);
  private static final double FIXED_POINT = 1 << 20;
  private static final long PASS_SALT = 0x50415353L;

  private VariationalLda() {}

  /**
   * Settings of a fit.
   *
   * @param k topics
   * @param passes passes over the documents
   * @param batchesPerPass mini-batches (updates of λ) per pass
   * @param alpha symmetric Dirichlet prior of each document's topic proportions
   * @param eta Dirichlet prior of each topic's terms, added to every entry
   * @param learningOffset τ0 of the step size; larger slows the early updates down
   * @param learningDecay κ of the step size, in (0.5, 1] for convergence
   * @param seed seeds λ's initialisation, the mini-batches and every document's γ
   */
  public record Params(
      int k,
      int passes,
      int batchesPerPass,
      double alpha,
      double eta,
      double learningOffset,
      double learningDecay,
      int eStepDelay,
      long seed)
      implements Serializable {
    /** The settings of {@code topics.*}: α = η = 1/k, as MLlib and gensim default to. */
    public static Params from(TopicsConfig c) {
      return new Params(
          c.k(),
          c.passes(),
          c.batchesPerPass(),
          1.0 / c.k(),
          1.0 / c.k(),
          c.learningOffset(),
          c.learningDecay(),
          c.eStepDelay(),
          c.seed());
    }

    public int updates() {
      return passes * batchesPerPass;
    }
  }

  /**
   * Per-topic extra prior mass on terms: {@code boosts.get(t)} maps term index to pseudo-counts
   * added to η of topic t; {@code themes.get(t)} names the theme ("" for an unseeded topic).
   */
  public record Seeding(List<Map<Integer, Double>> boosts, List<String> themes)
      implements Serializable {
    public static Seeding none(int k) {
      return new Seeding(
          java.util.Collections.nCopies(k, Map.of()), java.util.Collections.nCopies(k, ""));
    }
  }

  /**
   * Why {@code k} topics cannot be fitted to {@code docs} training articles (those with a
   * vocabulary term) over {@code terms} terms, if they cannot. A corpus this small (a first night
   * of a few articles) is a normal case: jobs check here first and skip the fit.
   */
  public static Optional<String> cannotFit(int k, int terms, long docs) {
    if (terms == 0) {
      return Optional.of("the vocabulary has no terms");
    }
    if (docs < k) {
      return Optional.of(
          docs + " training articles have vocabulary terms, fewer than topics.k=" + k);
    }
    return Optional.empty();
  }

  /** Fits a model to {@code docs} (cached by the caller; read once per update). */
  public static TopicModel fit(
      JavaRDD<BagOfWords> docs, List<String> vocabulary, Params p, Seeding seeding) {
    int k = p.k();
    int v = vocabulary.size();
    if (seeding.boosts().size() != k) {
      throw new IllegalArgumentException(
          "seeding has " + seeding.boosts().size() + " topics for k=" + k);
    }
    long docCount = docs.count();
    cannotFit(k, v, docCount)
        .ifPresent(
            why -> {
              throw new IllegalStateException("cannot fit " + k + " topics: " + why);
            });
    double[][] eta = new double[k][v];
    for (int t = 0; t < k; t++) {
      Arrays.fill(eta[t], p.eta());
      for (Map.Entry<Integer, Double> e : seeding.boosts().get(t).entrySet()) {
        eta[t][e.getKey()] += e.getValue();
      }
    }
    double[][] lambda = initialLambda(k, v, p.seed(), eta, p.eta());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(docs.context());
    // exp(E[log β]) of the last eStepDelay + 1 models, oldest first: the E-step uses the oldest
    ArrayDeque<double[][]> models = new ArrayDeque<>();
    models.addLast(VbMath.expElogBeta(lambda));
    int update = 0;
    for (int pass = 0; pass < p.passes(); pass++) {
      long passSeed = BagOfWords.mix(p.seed() ^ (PASS_SALT + pass));
      for (int batch = 0; batch < p.batchesPerPass(); batch++, update++) {
        Broadcast<double[][]> expElogBeta = jsc.broadcast(models.getFirst());
        int batches = p.batchesPerPass();
        int thisBatch = batch;
        double alpha = p.alpha();
        long seed = p.seed();
        TopicTermCounts stats =
            docs.filter(d -> batchOf(d.key(), passSeed, batches) == thisBatch)
                .treeAggregate(
                    new TopicTermCounts(k, v),
                    (acc, doc) -> addStatistics(acc, doc, expElogBeta.value(), alpha, seed),
                    TopicTermCounts::merge,
                    2);
        expElogBeta.destroy();
        long batchDocs = stats.documents();
        double rho = Math.pow(p.learningOffset() + update, -p.learningDecay());
        LOG.info(
            "topics: update {}/{} (pass {}), {} articles, step {}",
            update + 1,
            p.updates(),
            pass + 1,
            batchDocs,
            String.format("%.3f", rho));
        if (batchDocs == 0) {
          continue;
        }
        double scale = (double) docCount / batchDocs / FIXED_POINT;
        for (int t = 0; t < k; t++) {
          for (int w = 0; w < v; w++) {
            lambda[t][w] = (1 - rho) * lambda[t][w] + rho * (eta[t][w] + scale * stats.get(t, w));
          }
        }
        models.addLast(VbMath.expElogBeta(lambda));
        if (models.size() > p.eStepDelay() + 1) {
          models.removeFirst();
        }
      }
    }
    int[] ids = java.util.stream.IntStream.range(0, k).toArray();
    return new TopicModel(vocabulary, lambda, p.alpha(), p.seed(), ids, seeding.themes());
  }

  /** λ's start: Gamma(100, 1/100) draws from the seed, plus each topic's extra prior mass. */
  static double[][] initialLambda(int k, int v, long seed, double[][] eta, double baseEta) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] lambda = new double[k][v];
    for (int t = 0; t < k; t++) {
      for (int w = 0; w < v; w++) {
        lambda[t][w] =
            VbMath.gamma(random, VbMath.INIT_SHAPE, VbMath.INIT_SCALE) + eta[t][w] - baseEta;
      }
    }
    return lambda;
  }

  /** Which of a pass's mini-batches a document is in. */
  static int batchOf(long docKey, long passSeed, int batches) {
    return (int) Math.floorMod(BagOfWords.mix(docKey ^ passSeed), (long) batches);
  }

  private static TopicTermCounts addStatistics(
      TopicTermCounts acc, BagOfWords doc, double[][] expElogBeta, double alpha, long seed) {
    VbMath.DocState s =
        VbMath.eStep(
            doc, expElogBeta, alpha, seed, TopicModel.INFER_MAX_ITER, TopicModel.INFER_TOL);
    int k = expElogBeta.length;
    int[] ids = doc.termIds();
    double[] counts = doc.counts();
    for (int j = 0; j < ids.length; j++) {
      double r = counts[j] / s.phiNorm()[j];
      for (int t = 0; t < k; t++) {
        double phi = s.expElogTheta()[t] * s.beta()[j * k + t] * r;
        acc.add(t, ids[j], Math.round(phi * FIXED_POINT));
      }
    }
    acc.addDocument();
    return acc;
  }
}
