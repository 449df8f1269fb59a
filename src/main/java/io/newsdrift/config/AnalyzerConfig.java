package io.newsdrift.config;

import java.io.Serializable;
import java.util.List;

/** How text becomes terms; see {@link Keys}. */
public record AnalyzerConfig(int minTokenChars, List<String> extraStopWords, boolean stem)
    implements Serializable {
  public AnalyzerConfig {
    extraStopWords = List.copyOf(extraStopWords);
  }

  public static AnalyzerConfig defaults() {
    return from(Settings.defaults());
  }

  public static AnalyzerConfig from(Settings s) {
    return new AnalyzerConfig(
        s.get(Keys.FEATURES_MIN_TOKEN_CHARS),
        s.get(Keys.FEATURES_EXTRA_STOP_WORDS),
        s.get(Keys.FEATURES_STEM));
  }
}
