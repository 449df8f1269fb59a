package io.newsdrift.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Theme lexicons and the rules of the coverage tables; see {@link Keys}. */
public record CoverageConfig(
    Map<String, List<String>> themes,
    int titleHits,
    int bodyHits,
    List<String> grains,
    int minArticles,
    double thinFraction,
    int baselinePeriods,
    double cusumK,
    double cusumH,
    int cusumReferencePeriods,
    double shareNoise,
    double minDelta,
    int maxOutlets)
    implements Serializable {

  /** The built-in lexicons: lower-case words and phrases, matched on analysed tokens. */
  public static final Map<String, List<String>> DEFAULT_THEMES =
      Map.of(
          "ukraine",
          List.of(
              "ukraine",
              "ukraine's",
              "ukrainian",
              "ukrainians",
              "kyiv",
              "kiev",
              "zelensky",
              "zelenskyy",
              "donbas",
              "donbass",
              "donetsk",
              "luhansk",
              "kharkiv",
              "mariupol",
              "crimea",
              "odesa",
              "odessa",
              "lviv",
              "kherson",
              "zaporizhzhia"),
          "energy",
          List.of(
              "energy",
              "oil",
              "crude",
              "natural gas",
              "gas prices",
              "gas pipeline",
              "opec",
              "pipeline",
              "electricity",
              "refinery",
              "barrel",
              "barrels",
              "lng",
              "fuel",
              "gasoline",
              "petroleum",
              "renewable",
              "solar",
              "coal",
              "nuclear power",
              "power grid"),
          "trade",
          List.of(
              "trade",
              "trading partner",
              "tariff",
              "tariffs",
              "export",
              "exports",
              "import",
              "imports",
              "trade deal",
              "trade war",
              "trade deficit",
              "trade surplus",
              "customs",
              "wto",
              "gatt",
              "free trade",
              "protectionism",
              "quota",
              "quotas",
              "dumping"));

  public CoverageConfig {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    themes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    themes = java.util.Collections.unmodifiableMap(copy);
    grains = List.copyOf(grains);
  }

  public static CoverageConfig from(Settings s) {
    Map<String, List<String>> themes = new LinkedHashMap<>();
    if (s.get(Keys.COVERAGE_DEFAULT_THEMES)) {
      new java.util.TreeMap<>(DEFAULT_THEMES).forEach(themes::put);
    }
    themes.putAll(s.get(Keys.COVERAGE_THEMES));
    if (themes.isEmpty()) {
      throw new ConfigException(
          "no themes: 'coverage.default_themes' is false and 'coverage.themes' is empty"
              + " (example: coverage.themes: {health: [covid, vaccine]})");
    }
    return new CoverageConfig(
        themes,
        s.get(Keys.COVERAGE_TITLE_HITS),
        s.get(Keys.COVERAGE_BODY_HITS),
        s.get(Keys.COVERAGE_GRAINS),
        s.get(Keys.COVERAGE_MIN_ARTICLES),
        s.get(Keys.COVERAGE_THIN_FRACTION),
        s.get(Keys.COVERAGE_BASELINE_PERIODS),
        s.get(Keys.COVERAGE_CUSUM_K),
        s.get(Keys.COVERAGE_CUSUM_H),
        s.get(Keys.COVERAGE_CUSUM_REFERENCE_PERIODS),
        s.get(Keys.COVERAGE_SHARE_NOISE),
        s.get(Keys.COVERAGE_MIN_DELTA),
        s.get(Keys.COVERAGE_MAX_OUTLETS));
  }
}
