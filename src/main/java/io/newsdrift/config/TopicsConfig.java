package io.newsdrift.config;

import java.io.Serializable;

/** The topic model; see {@link Keys}. */
public record TopicsConfig(
    int k,
    int maxIter,
    long seed,
    int vocabSize,
    double holdoutFraction,
    double sampleFraction,
    int topTerms,
    boolean stabilityCheck)
    implements Serializable {

  public static TopicsConfig from(Settings s) {
    return new TopicsConfig(
        s.get(Keys.TOPICS_K),
        s.get(Keys.TOPICS_MAX_ITER),
        s.get(Keys.TOPICS_SEED),
        s.get(Keys.TOPICS_VOCAB_SIZE),
        s.get(Keys.TOPICS_HOLDOUT_FRACTION),
        s.get(Keys.TOPICS_SAMPLE_FRACTION),
        s.get(Keys.TOPICS_TOP_TERMS),
        s.get(Keys.TOPICS_STABILITY));
  }

  /** The same settings with another seed (the stability check's second model). */
  public TopicsConfig withSeed(long newSeed) {
    return new TopicsConfig(
        k, maxIter, newSeed, vocabSize, holdoutFraction, sampleFraction, topTerms, stabilityCheck);
  }
}
