package io.newsdrift.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Real news words for {@link DemoCorpusGenerator}'s benchmark corpora: the content words of real
 * articles, kept article by article, plus an endless tail of made-up rare words.
 *
 * <p>A generated article borrows one real article and draws its background words from that
 * article's words, so the corpus gets real news vocabulary, real word frequencies (a draw from a
 * random article's words is a draw from the corpus's unigram distribution) and real repetition
 * within an article. Because a bag of words has no order, generated articles share no phrases with
 * their sources or each other, and the near-duplicates stay the planted republications.
 *
 * <p>Real vocabularies keep growing with the corpus (Heaps' law); a fixed set of source articles
 * does not. So a share {@link #RARE_WORD_RATE} of the draws are rare words instead, made up from
 * syllables with Zipf-distributed ranks over {@link #RARE_WORD_RANKS} of them: the more text is
 * generated, the more of them appear.
 */
public final class BackgroundWords {
  /**
   * Share of draws that are made-up rare words: about the share of real news tokens that lie
   * outside the vocabulary of a corpus of the shared corpora's size (2.8% of one half of them is
   * missing from the other half's vocabulary).
   */
  static final double RARE_WORD_RATE = 0.025;

  /** Number of distinct made-up rare words; ranks are Zipf-distributed (log-uniform) over them. */
  static final int RARE_WORD_RANKS = 1 << 24;

  private static final double LOG_RARE_WORD_RANKS = Math.log(RARE_WORD_RANKS);

  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aeiou";
  private static final int SYLLABLES = CONSONANTS.length() * VOWELS.length();

  private final String[] terms;
  private final int[] tokens;
  private final int[] starts;

  private BackgroundWords(String[] terms, int[] tokens, int[] starts) {
    this.terms = terms;
    this.tokens = tokens;
    this.starts = starts;
  }

  /**
   * Background words from real articles, each given as its lower-case content words in order.
   * Articles without words are left out.
   *
   * @throws IllegalArgumentException if no article has a word
   */
  public static BackgroundWords of(List<String[]> articles) {
    Map<String, Integer> ids = new HashMap<>();
    List<String> terms = new ArrayList<>();
    int total = 0;
    int kept = 0;
    for (String[] words : articles) {
      total += words.length;
      kept += words.length > 0 ? 1 : 0;
    }
    if (kept == 0) {
      throw new IllegalArgumentException(
          "background words: none of the " + articles.size() + " articles has a word");
    }
    int[] tokens = new int[total];
    int[] starts = new int[kept + 1];
    int t = 0;
    int a = 0;
    for (String[] words : articles) {
      if (words.length == 0) {
        continue;
      }
      starts[a++] = t;
      for (String w : words) {
        tokens[t++] =
            ids.computeIfAbsent(
                w,
                k -> {
                  terms.add(k);
                  return terms.size() - 1;
                });
      }
    }
    starts[a] = t;
    return new BackgroundWords(terms.toArray(new String[0]), tokens, starts);
  }

  /** Number of source articles a generated article can borrow. */
  public int articles() {
    return starts.length - 1;
  }

  /** Number of distinct words in the source articles. */
  public int terms() {
    return terms.length;
  }

  /** One background word for an article that borrowed source article {@code article}. */
  String word(int article, SplittableRandom rnd) {
    if (rnd.nextDouble() < RARE_WORD_RATE) {
      return rareWord((int) Math.exp(rnd.nextDouble() * LOG_RARE_WORD_RANKS));
    }
    int start = starts[article];
    return terms[tokens[start + rnd.nextInt(starts[article + 1] - start)]];
  }

  /**
   * The made-up word of a rank: its digits in base 70 spelled as consonant-vowel syllables, with at
   * least three syllables so that it reads like a name and is never a stop word.
   */
  static String rareWord(int rank) {
    StringBuilder sb = new StringBuilder(12);
    long rest = rank + (long) SYLLABLES * SYLLABLES;
    while (rest > 0) {
      int s = (int) (rest % SYLLABLES);
      sb.append(CONSONANTS.charAt(s / VOWELS.length())).append(VOWELS.charAt(s % VOWELS.length()));
      rest /= SYLLABLES;
    }
    return sb.toString();
  }
}
