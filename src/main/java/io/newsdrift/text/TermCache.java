package io.newsdrift.text;

import java.util.function.Function;

/**
 * Remembers what a lower-cased word becomes as a term (the stemmed term, or nothing for a stop word
 * or a too-short token), looked up by the characters of a {@link StringBuilder} without building a
 * String. Word frequencies are Zipfian, so after the first few articles nearly every word is a hit
 * and costs neither a String nor a stemmer call; the terms handed out are the same String instances
 * every time, whose hash codes are computed once.
 *
 * <p>Open addressing over a fixed power-of-two table; when it is three-quarters full it is emptied,
 * which bounds its memory on corpora with endless rare words (numbers, names, typos). Not
 * thread-safe: one per thread and analyzer setting.
 */
final class TermCache {
  /** What a word that yields no term maps to (compared by identity). */
  static final String NO_TERM = new String("");

  private final String[] words;
  private final String[] terms;
  private final int mask;
  private final int maxSize;
  private int size;

  TermCache(int capacityPowerOfTwo) {
    words = new String[1 << capacityPowerOfTwo];
    terms = new String[words.length];
    mask = words.length - 1;
    maxSize = words.length / 4 * 3;
  }

  /**
   * The term of {@code word}: from the cache, or computed by {@code analyze} (which returns null
   * for no term) and remembered.
   *
   * @return the term, or null when the word yields none
   */
  String term(StringBuilder word, Function<String, String> analyze) {
    int hash = hash(word);
    int slot = hash & mask;
    while (words[slot] != null) {
      if (sameChars(words[slot], word)) {
        String t = terms[slot];
        return t == NO_TERM ? null : t;
      }
      slot = (slot + 1) & mask;
    }
    String w = word.toString();
    String t = analyze.apply(w);
    if (size >= maxSize) {
      java.util.Arrays.fill(words, null);
      java.util.Arrays.fill(terms, null);
      size = 0;
      slot = hash & mask;
    }
    words[slot] = w;
    terms[slot] = t == null ? NO_TERM : t;
    size++;
    return t;
  }

  private static int hash(CharSequence s) {
    int h = 0;
    for (int i = 0; i < s.length(); i++) {
      h = 31 * h + s.charAt(i);
    }
    return h ^ (h >>> 16);
  }

  private static boolean sameChars(String a, CharSequence b) {
    int n = a.length();
    if (n != b.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
