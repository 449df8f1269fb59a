package io.newsdrift.coverage;

import io.newsdrift.text.Words;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Decides which themes an article is about. Lexicon entries (words or phrases) are analysed like
 * article text (lower case, possessive {@code 's} dropped) and matched as whole consecutive words.
 * An article matches a theme when its title holds at least {@code coverage.title_hits} entries of
 * the theme's lexicon, or its title and body together hold at least {@code coverage.body_hits}.
 */
public final class ThemeMatcher implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An entry's words and its theme, indexed by its first word. */
  private record Entry(String theme, String[] words) implements Serializable {}

  private final List<String> themes;
  private final Map<String, List<Entry>> byFirstWord = new HashMap<>();
  private final int titleHits;
  private final int bodyHits;

  public ThemeMatcher(Map<String, List<String>> lexicons, int titleHits, int bodyHits) {
    this.themes = List.copyOf(lexicons.keySet());
    this.titleHits = titleHits;
    this.bodyHits = bodyHits;
    lexicons.forEach(
        (theme, entries) -> {
          LinkedHashSet<List<String>> unique = new LinkedHashSet<>();
          for (String e : entries) {
            List<String> words = Words.split(e);
            if (!words.isEmpty()) {
              unique.add(words);
            }
          }
          for (List<String> words : unique) {
            byFirstWord
                .computeIfAbsent(words.get(0), w -> new ArrayList<>())
                .add(new Entry(theme, words.toArray(String[]::new)));
          }
        });
  }

  public List<String> themes() {
    return themes;
  }

  /** The themes the article matches, in lexicon order. */
  public List<String> match(String title, String text) {
    Map<String, Integer> inTitle = hits(Words.split(title));
    Map<String, Integer> inBody = hits(Words.split(text));
    List<String> out = new ArrayList<>();
    for (String theme : themes) {
      int t = inTitle.getOrDefault(theme, 0);
      int all = t + inBody.getOrDefault(theme, 0);
      if (t >= titleHits || all >= bodyHits) {
        out.add(theme);
      }
    }
    return out;
  }

  /** Lexicon hits per theme in a word sequence. */
  Map<String, Integer> hits(List<String> words) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < words.size(); i++) {
      List<Entry> candidates = byFirstWord.get(words.get(i));
      if (candidates == null) {
        continue;
      }
      for (Entry e : candidates) {
        if (matchesAt(words, i, e.words())) {
          out.merge(e.theme(), 1, Integer::sum);
        }
      }
    }
    return out;
  }

  private static boolean matchesAt(List<String> words, int at, String[] entry) {
    if (at + entry.length > words.size()) {
      return false;
    }
    for (int j = 1; j < entry.length; j++) {
      if (!words.get(at + j).equals(entry[j])) {
        return false;
      }
    }
    return true;
  }
}
