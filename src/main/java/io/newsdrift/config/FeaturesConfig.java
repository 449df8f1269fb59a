package io.newsdrift.config;

import java.io.Serializable;
import java.util.List;

/** Vocabulary, TF-IDF and distinctive terms; see {@link Keys}. */
public record FeaturesConfig(
    List<String> grains,
    int vocabSize,
    int minDocFreq,
    int topTerms,
    double priorScale,
    int historyPeriods,
    List<String> languages,
    int phraseMinCount,
    double phraseMinNpmi,
    int maxPhrases,
    int phraseSampleArticles)
    implements Serializable {

  public FeaturesConfig {
    grains = List.copyOf(grains);
    languages = List.copyOf(languages);
  }

  public static FeaturesConfig from(Settings s) {
    return new FeaturesConfig(
        s.get(Keys.FEATURES_GRAINS),
        s.get(Keys.FEATURES_VOCAB_SIZE),
        s.get(Keys.FEATURES_MIN_DOC_FREQ),
        s.get(Keys.FEATURES_TOP_TERMS),
        s.get(Keys.FEATURES_PRIOR_SCALE),
        s.get(Keys.FEATURES_HISTORY_PERIODS),
        s.get(Keys.FEATURES_LANGUAGES),
        s.get(Keys.FEATURES_PHRASE_MIN_COUNT),
        s.get(Keys.FEATURES_PHRASE_MIN_NPMI),
        s.get(Keys.FEATURES_MAX_PHRASES),
        s.get(Keys.FEATURES_PHRASE_SAMPLE_ARTICLES));
  }
}
