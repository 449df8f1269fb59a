package io.newsdrift.topics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The numerical core of variational Bayes LDA (Blei et al. 2003; Hoffman et al. 2010): the digamma
 * function, seeded Gamma draws, and the per-document E-step. Plain arrays, no Spark, so that the
 * distributed fit and the single-document inference of {@code topics apply} run the same code.
 */
final class VbMath {
  /** Gamma shape and scale of the random initialisation (as in Hoffman's and gensim's code). */
  static final double INIT_SHAPE = 100.0;

  static final double INIT_SCALE = 0.01;

  private VbMath() {}

  /** ψ(x) for x > 0: recurrence up to 6, then the asymptotic series (error below 1e-12). */
  static double digamma(double x) {
    double result = 0;
    while (x < 6) {
      result -= 1 / x;
      x += 1;
    }
    double f = 1 / (x * x);
    double series =
        f
            * (-1.0 / 12
                + f
                    * (1.0 / 120
                        + f
                            * (-1.0 / 252
                                + f * (1.0 / 240 + f * (-1.0 / 132 + f * (691.0 / 32760))))));
    return result + Math.log(x) - 0.5 / x + series;
  }

  /** A Gamma(shape ≥ 1, scale) draw (Marsaglia and Tsang 2000). */
  static double gamma(SplittableRandom random, double shape, double scale) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v * scale;
      }
    }
  }

  /** exp(E[log x]) under Dirichlet(alpha), in place into {@code out}. */
  static void expDirichletExpectation(double[] alpha, double[] out) {
    double sum = 0;
    for (double a : alpha) {
      sum += a;
    }
    double psiSum = digamma(sum);
    for (int k = 0; k < alpha.length; k++) {
      out[k] = Math.exp(digamma(alpha[k]) - psiSum);
    }
  }

  /**
   * exp(E[log β]) of each topic's term distribution, topics x terms, from the variational
   * parameters λ (topics x terms).
   */
  static double[][] expElogBeta(double[][] lambda) {
    double[][] out = new double[lambda.length][];
    for (int k = 0; k < lambda.length; k++) {
      out[k] = new double[lambda[k].length];
      expDirichletExpectation(lambda[k], out[k]);
    }
    return out;
  }

  /** The result of one document's E-step. */
  record DocState(double[] gamma, double[] expElogTheta, double[] phiNorm, double[] beta) {}

  /**
   * Fits one document's variational topic proportions γ with λ fixed: coordinate ascent from a
   * Gamma draw seeded by the document's key, until the mean change of γ falls below {@code tol}.
   *
   * @param expElogBeta topics x terms
   * @param seed the model's seed; with the document's key it fixes the start of γ
   */
  static DocState eStep(
      BagOfWords doc, double[][] expElogBeta, double alpha, long seed, int maxIter, double tol) {
    int k = expElogBeta.length;
    int n = doc.termIds().length;
    double[] counts = doc.counts();
    // the document's columns of exp(E[log β]), term-major: beta[j * k + t]
    double[] beta = new double[n * k];
    for (int j = 0; j < n; j++) {
      int w = doc.termIds()[j];
      for (int t = 0; t < k; t++) {
        beta[j * k + t] = expElogBeta[t][w];
      }
    }
    SplittableRandom random = new SplittableRandom(BagOfWords.mix(seed ^ doc.key()));
    double[] gamma = new double[k];
    for (int t = 0; t < k; t++) {
      gamma[t] = gamma(random, INIT_SHAPE, INIT_SCALE);
    }
    double[] expElogTheta = new double[k];
    expDirichletExpectation(gamma, expElogTheta);
    double[] phiNorm = new double[n];
    normalisers(expElogTheta, beta, phiNorm);
    double[] weighted = new double[k];
    double[] last = new double[k];
    for (int it = 0; it < maxIter; it++) {
      System.arraycopy(gamma, 0, last, 0, k);
      // Σ_j counts_j / phiNorm_j · β_tj for every t, term by term: the inner loop runs along one
      // term's contiguous topics (the JIT vectorises it) and adds in the same order as a loop over
      // j per topic would, so the result is the same to the bit
      Arrays.fill(weighted, 0);
      for (int j = 0; j < n; j++) {
        double r = counts[j] / phiNorm[j];
        int column = j * k;
        for (int t = 0; t < k; t++) {
          weighted[t] += r * beta[column + t];
        }
      }
      for (int t = 0; t < k; t++) {
        gamma[t] = alpha + expElogTheta[t] * weighted[t];
      }
      expDirichletExpectation(gamma, expElogTheta);
      normalisers(expElogTheta, beta, phiNorm);
      double change = 0;
      for (int t = 0; t < k; t++) {
        change += Math.abs(gamma[t] - last[t]);
      }
      if (change / k < tol) {
        break;
      }
    }
    return new DocState(gamma, expElogTheta, phiNorm, beta);
  }

  private static void normalisers(double[] expElogTheta, double[] beta, double[] phiNorm) {
    int k = expElogTheta.length;
    for (int j = 0; j < phiNorm.length; j++) {
      double s = 1e-100;
      for (int t = 0; t < k; t++) {
        s += expElogTheta[t] * beta[j * k + t];
      }
      phiNorm[j] = s;
    }
  }

  /** γ normalised: the document's topic proportions. */
  static double[] proportions(double[] gamma) {
    double sum = 0;
    for (double g : gamma) {
      sum += g;
    }
    double[] out = new double[gamma.length];
    for (int t = 0; t < gamma.length; t++) {
      out[t] = gamma[t] / sum;
    }
    return out;
  }
}
