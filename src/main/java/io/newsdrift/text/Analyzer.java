package io.newsdrift.text;

import io.newsdrift.config.AnalyzerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns text into words and terms. Words: maximal runs of letters and digits, joined across an
 * inner apostrophe, hyphen or period ({@code don't}, {@code covid-19}, {@code u.s}), lower-cased,
 * with a trailing possessive {@code 's} dropped. Terms: the words an analysis counts, that is
 * without stop words, pure numbers and words shorter than the configured minimum.
 *
 * <p>Serializable and stateless apart from its stop-word set, so one instance is shipped to every
 * executor.
 */
public final class Analyzer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String STOP_WORDS_RESOURCE = "stopwords-en.txt";

  private final int minTokenChars;
  private final Set<String> stopWords;

  public Analyzer(AnalyzerConfig config) {
    this.minTokenChars = config.minTokenChars();
    Set<String> stops = new HashSet<>(englishStopWords());
    config.extraStopWords().forEach(w -> stops.add(w.toLowerCase(Locale.ROOT)));
    this.stopWords = Set.copyOf(stops);
  }

  public static Analyzer defaults() {
    return new Analyzer(AnalyzerConfig.defaults());
  }

  /** Every word of the text, in order, lower-cased. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    StringBuilder word = new StringBuilder();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!isWordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      word.setLength(0);
      while (i < n) {
        cp = text.codePointAt(i);
        if (isWordChar(cp)) {
          word.appendCodePoint(Character.toLowerCase(cp));
          i += Character.charCount(cp);
        } else if (isJoiner(cp) && i + 1 < n && isWordChar(text.codePointAt(i + 1))) {
          word.append(cp == '\u2019' ? '\'' : (char) cp);
          i += 1;
        } else {
          break;
        }
      }
      int len = word.length();
      if (len > 2 && word.charAt(len - 2) == '\'' && word.charAt(len - 1) == 's') {
        word.setLength(len - 2);
      }
      out.add(word.toString());
    }
    return out;
  }

  /** The number of words, without building them. */
  public static int wordCount(String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean wordChar = isWordChar(cp);
      if (wordChar && !inWord) {
        count++;
      }
      inWord = wordChar || (inWord && isJoiner(cp));
      i += Character.charCount(cp);
    }
    return count;
  }

  /** The terms of the text: words that are not stop words, numbers or too short. */
  public List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    for (String w : words(text)) {
      if (isTerm(w)) {
        out.add(w);
      }
    }
    return out;
  }

  public boolean isTerm(String word) {
    return word.length() >= minTokenChars && !stopWords.contains(word) && hasLetter(word);
  }

  public boolean isStopWord(String word) {
    return stopWords.contains(word);
  }

  private static boolean hasLetter(String w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isLetter(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
  }

  private static boolean isJoiner(int cp) {
    return cp == '\'' || cp == '\u2019' || cp == '-' || cp == '.';
  }

  static Set<String> englishStopWords() {
    try (InputStream in = Analyzer.class.getResourceAsStream(STOP_WORDS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + STOP_WORDS_RESOURCE);
      }
      Set<String> out = new HashSet<>();
      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A crude language guess for this first version: English when at least two words and 15% of the
   * words are English stop words, otherwise {@code und} (undetermined). Short texts without
   * function words (some headlines) come out {@code und}; nothing is excluded on it yet.
   */
  public String guessLanguage(List<String> words) {
    if (words.isEmpty()) {
      return "und";
    }
    long stops = words.stream().filter(stopWords::contains).count();
    return stops >= 2 && stops * 100 >= 15L * words.size() ? "en" : "und";
  }
}
