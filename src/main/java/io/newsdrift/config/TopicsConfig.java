package io.newsdrift.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The topic model; see {@link Keys}. */
public record TopicsConfig(
    int k,
    int maxIter,
    long seed,
    int vocabSize,
    double holdoutFraction,
    double sampleFraction,
    int topTerms,
    boolean stabilityCheck,
    int passes,
    double learningOffset,
    double learningDecay,
    int eStepDelay,
    List<String> seededThemes,
    double themePrior,
    double matchThreshold)
    implements Serializable {

  public TopicsConfig {
    seededThemes = List.copyOf(seededThemes);
  }

  /**
   * Reads and checks the topic settings; the seeded themes must name lexicons of {@code lexicons}
   * and leave at least one free topic.
   */
  public static TopicsConfig from(Settings s, Map<String, List<String>> lexicons) {
    TopicsConfig c =
        new TopicsConfig(
            s.get(Keys.TOPICS_K),
            s.get(Keys.TOPICS_MAX_ITER),
            s.get(Keys.TOPICS_SEED),
            s.get(Keys.TOPICS_VOCAB_SIZE),
            s.get(Keys.TOPICS_HOLDOUT_FRACTION),
            s.get(Keys.TOPICS_SAMPLE_FRACTION),
            s.get(Keys.TOPICS_TOP_TERMS),
            s.get(Keys.TOPICS_STABILITY),
            s.get(Keys.TOPICS_PASSES),
            s.get(Keys.TOPICS_LEARNING_OFFSET),
            s.get(Keys.TOPICS_LEARNING_DECAY),
            s.get(Keys.TOPICS_ESTEP_DELAY),
            s.get(Keys.TOPICS_SEEDED_THEMES),
            s.get(Keys.TOPICS_THEME_PRIOR),
            s.get(Keys.TOPICS_MATCH_THRESHOLD));
    for (String theme : c.seededThemes()) {
      if (!lexicons.containsKey(theme)) {
        throw new ConfigException(
            "config key 'topics.seeded_themes' names '"
                + theme
                + "', which is not a theme; themes are "
                + lexicons.keySet()
                + " (example: topics.seeded_themes: [ukraine, energy])");
      }
    }
    c.checkSeedsFit();
    return c;
  }

  /** The topic settings with the built-in theme lexicons. */
  public static TopicsConfig from(Settings s) {
    return from(s, CoverageConfig.from(s).themes());
  }

  private void checkSeedsFit() {
    if (seededThemes.size() >= k) {
      throw new ConfigException(
          "config key 'topics.seeded_themes' seeds "
              + seededThemes.size()
              + " themes but 'topics.k' is "
              + k
              + ": k must leave at least one unseeded topic (example: topics.k: 20)");
    }
  }

  /** Mini-batches per pass. */
  public int batchesPerPass() {
    return Math.max(1, maxIter / passes);
  }

  /** The same settings with another seed (the stability check's second model). */
  public TopicsConfig withSeed(long newSeed) {
    return with(k, newSeed);
  }

  /** The same settings with another number of topics (a sweep). */
  public TopicsConfig withK(int newK) {
    TopicsConfig c = with(newK, seed);
    c.checkSeedsFit();
    return c;
  }

  private TopicsConfig with(int newK, long newSeed) {
    return new TopicsConfig(
        newK,
        maxIter,
        newSeed,
        vocabSize,
        holdoutFraction,
        sampleFraction,
        topTerms,
        stabilityCheck,
        passes,
        learningOffset,
        learningDecay,
        eStepDelay,
        seededThemes,
        themePrior,
        matchThreshold);
  }
}
