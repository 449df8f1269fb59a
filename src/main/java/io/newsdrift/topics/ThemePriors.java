package io.newsdrift.topics;

import io.newsdrift.text.Analyzer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeded themes: each named theme gets a dedicated topic (the first topics, in the order given)
 * whose prior puts {@code weight} extra pseudo-counts on every single-term entry of the theme's
 * lexicon that is in the model's vocabulary. Phrases (entries that analyse to several terms) are
 * left out: their words alone ("natural", "free") are not evidence of the theme. The prior guides,
 * it does not dictate: the topic keeps whatever else co-occurs with the lexicon in the corpus.
 */
public final class ThemePriors {
  private ThemePriors() {}

  public static VariationalLda.Seeding seeding(
      int k,
      List<String> themes,
      Map<String, List<String>> lexicons,
      Analyzer analyzer,
      List<String> vocabulary,
      double weight) {
    if (themes.size() >= k) {
      throw new IllegalArgumentException(
          themes.size() + " seeded themes leave no free topic of k=" + k);
    }
    Map<String, Integer> index = new HashMap<>();
    for (int w = 0; w < vocabulary.size(); w++) {
      index.put(vocabulary.get(w), w);
    }
    List<Map<Integer, Double>> boosts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String theme : themes) {
      List<String> lexicon = lexicons.get(theme);
      if (lexicon == null) {
        throw new IllegalArgumentException("no lexicon for theme '" + theme + "'");
      }
      Map<Integer, Double> boost = new LinkedHashMap<>();
      for (String entry : lexicon) {
        List<String> terms = analyzer.terms(entry);
        if (terms.size() == 1 && index.containsKey(terms.get(0))) {
          boost.put(index.get(terms.get(0)), weight);
        }
      }
      boosts.add(boost);
      names.add(theme);
    }
    while (boosts.size() < k) {
      boosts.add(Map.of());
      names.add("");
    }
    return new VariationalLda.Seeding(boosts, names);
  }
}
