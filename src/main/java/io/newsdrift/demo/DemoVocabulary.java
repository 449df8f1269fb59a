package io.newsdrift.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Word lists for the synthetic demo corpus written by {@link DemoCorpusGenerator}.
 *
 * <p>The lists are UTF-8 class-path resources next to this class, one entry per line (an entry may
 * hold spaces: a short phrase), read once when the class loads. Their order matters: the generator
 * favours the head of each list and draws by index, so reordering a file changes every corpus.
 *
 * <p>Each subject has its own distinctive vocabulary ({@code subject-<name>.txt}: single words and
 * short phrases, most characteristic words first). The subject lists are disjoint from each other
 * and from the common pool, and only the ukraine, energy and trade lists contain their planted
 * theme words, so topic models can recover the planted shifts. All words are lower case; the
 * generator capitalises the first word of each sentence and title.
 */
public final class DemoVocabulary {
  private DemoVocabulary() {}

  /** Subject names, in the order of {@link #SUBJECT_WORDS}. */
  static final String[] SUBJECTS = {
    "ukraine", "energy", "trade", "politics", "sports", "health", "technology", "weather"
  };

  static final int UKRAINE = 0;
  static final int ENERGY = 1;
  static final int TRADE = 2;

  /** Subject vocabularies, indexed like {@link #SUBJECTS}, from {@code subject-<name>.txt}. */
  static final String[][] SUBJECT_WORDS = subjectWords();

  /** Generic news vocabulary shared by every subject. */
  static final String[] COMMON_WORDS = lines("common-words.txt");

  /** Function words, repeated to approximate their relative frequency in English text. */
  static final String[] FUNCTION_WORDS = lines("function-words.txt");

  /**
   * One-line intros a republishing outlet puts before a wire story. {@code {outlet}} is replaced by
   * the republishing outlet's display name.
   */
  static final String[] SYNDICATION_INTROS = lines("syndication-intros.txt");

  /** Outlet names, in the fixed generation order (the wire service first). */
  static final String[] OUTLETS = {
    "newswire", "north-gazette", "daily-ledger", "metro-herald", "capital-times", "coast-courier"
  };

  /** Display names used in syndication intros, indexed like {@link #OUTLETS}. */
  static final String[] OUTLET_DISPLAY_NAMES = {
    "Newswire", "North Gazette", "Daily Ledger", "Metro Herald", "Capital Times", "Coast Courier"
  };

  /**
   * Baseline main-subject shares per outlet (rows like {@link #OUTLETS}, columns like {@link
   * #SUBJECTS}); each row sums to 1. The mild preferences give each outlet its own profile.
   */
  static final double[][] BASELINE_SHARES = {
    {0.08, 0.07, 0.07, 0.22, 0.14, 0.14, 0.14, 0.14}, // newswire: broad wire mix
    {0.06, 0.06, 0.06, 0.20, 0.18, 0.16, 0.14, 0.14}, // north-gazette: regional generalist
    {0.06, 0.08, 0.07, 0.18, 0.14, 0.13, 0.20, 0.14}, // daily-ledger: more business/tech
    {0.05, 0.05, 0.05, 0.15, 0.25, 0.20, 0.12, 0.13}, // metro-herald: local sports, health
    {0.07, 0.06, 0.06, 0.32, 0.11, 0.13, 0.12, 0.13}, // capital-times: politics
    {0.05, 0.06, 0.05, 0.14, 0.17, 0.14, 0.11, 0.28} // coast-courier: weather
  };

  private static String[][] subjectWords() {
    String[][] words = new String[SUBJECTS.length][];
    for (int i = 0; i < SUBJECTS.length; i++) {
      words[i] = lines("subject-" + SUBJECTS[i] + ".txt");
    }
    return words;
  }

  /** The lines of a resource next to this class, in order; each line is one entry. */
  static String[] lines(String resource) {
    String name = "class-path resource io/newsdrift/demo/" + resource;
    try (InputStream in = DemoVocabulary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + name);
      }
      List<String> lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          throw new IllegalStateException("blank line " + (i + 1) + " in " + name);
        }
      }
      return lines.toArray(new String[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
