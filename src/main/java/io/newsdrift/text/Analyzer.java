package io.newsdrift.text;

import io.newsdrift.config.AnalyzerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Turns text into terms: what term statistics count ({@link #terms}, {@link #analyze}).
 *
 * <p>Tokens come from Lucene's {@link UAX29URLEmailTokenizer}: word boundaries per Unicode UAX #29,
 * so {@code don't}, {@code o'neill} and {@code u.s} stay one token. Then, in order: URLs and e-mail
 * addresses are dropped (they are links, not words); tokens joined by a hyphen where one side does
 * not stand alone (a number, or one or two characters) are joined back ({@code covid-19}, {@code
 * f-16}, {@code e-mail}), other hyphenated words stay separate terms ({@code russia-ukraine} gives
 * {@code russia}, {@code ukraine}); text is lower-cased and the typographic apostrophe normalised
 * to {@code '}; an English possessive {@code 's} is dropped; stop words of the article's language
 * (Lucene's list for that language, for English the project's own list; plus {@code
 * features.extra_stop_words}) are dropped, as are tokens without a letter (numbers, amounts: {@code
 * $80} and {@code 3.5%} leave nothing; currency symbols are not word characters) and tokens shorter
 * than {@code features.min_token_chars}; with {@code features.stem} the Snowball stemmer of the
 * language (for English: Porter2) reduces what is left. Finally, adjacent terms that form one of
 * the vocabulary's phrases ({@code natural gas}) become a single term, left to right. Two terms are
 * adjacent when only spaces or a hyphen separate them in the text (no removed word, no
 * punctuation).
 *
 * <p>Ingest and theme matching use the cheaper, language-blind {@link Words} instead, so that
 * changing how terms are analysed never changes article ids or duplicates.
 *
 * <p>Serializable: its settings and phrases are shipped to executors, the Lucene tokenizer and the
 * stemmers are made once per executor thread.
 */
public final class Analyzer implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final String STOP_WORDS_RESOURCE = "stopwords-en.txt";

  /** Language code of text whose language is unknown; analysed as English. */
  public static final String UNDETERMINED = "und";

  private final AnalyzerConfig config;
  private final int minTokenChars;
  private final boolean stem;
  private final List<String> extraStopWords;
  private final Set<String> phrases;

  /** See {@link #settings()}; also names this analyzer's term caches, looked up per article. */
  private final String settings;

  private transient Map<String, Set<String>> stopWordsByLanguage;

  private static final ThreadLocal<Tokenizing> TOKENIZING =
      ThreadLocal.withInitial(Tokenizing::new);

  public Analyzer(AnalyzerConfig config) {
    this(config, Set.of());
  }

  private Analyzer(AnalyzerConfig config, Set<String> phrases) {
    this.minTokenChars = config.minTokenChars();
    this.stem = config.stem();
    List<String> extra = new ArrayList<>();
    config.extraStopWords().forEach(w -> extra.add(w.toLowerCase(Locale.ROOT)));
    this.extraStopWords = List.copyOf(extra);
    this.phrases = Set.copyOf(phrases);
    this.config = config;
    this.settings =
        "min_token_chars="
            + minTokenChars
            + ";stem="
            + stem
            + ";extra_stop_words="
            + String.join(",", this.extraStopWords);
  }

  public static Analyzer defaults() {
    return new Analyzer(AnalyzerConfig.defaults());
  }

  /** The same analyzer that also joins these phrases ({@code "natural gas"}) into single terms. */
  public Analyzer withPhrases(Set<String> newPhrases) {
    return new Analyzer(config, newPhrases);
  }

  public Set<String> phrases() {
    return phrases;
  }

  /** The settings that decide which terms come out, to freeze them with a vocabulary. */
  public String settings() {
    return settings;
  }

  /** Languages with their own stop words and stemmer. */
  public static Set<String> supportedLanguages() {
    return Languages.SUPPORTED;
  }

  /** Receives the terms of a text in order. */
  @FunctionalInterface
  public interface TermSink {
    /**
     * @param term the term
     * @param adjacent whether it directly follows the previous term (see the class comment)
     */
    void accept(String term, boolean adjacent);
  }

  /** The terms of an English (or undetermined) text, phrases joined. */
  public List<String> terms(String text) {
    return terms(text, "en");
  }

  /** The terms of a text in {@code language} (ISO 639-1), phrases joined. */
  public List<String> terms(String text, String language) {
    List<String> out = new ArrayList<>();
    analyze(text, language, (t, adjacent) -> out.add(t));
    return out;
  }

  /** Streams the terms of a text in {@code language} to {@code sink}, phrases joined. */
  public void analyze(String text, String language, TermSink sink) {
    if (phrases.isEmpty()) {
      rawTerms(text, language, sink);
      return;
    }
    // Holds one term back to see whether it and the next form a phrase.
    String[] pending = {null};
    boolean[] pendingAdjacent = {false};
    rawTerms(
        text,
        language,
        (term, adjacent) -> {
          if (pending[0] != null && adjacent) {
            String phrase = pending[0] + " " + term;
            if (phrases.contains(phrase)) {
              sink.accept(phrase, pendingAdjacent[0]);
              pending[0] = null;
              return;
            }
          }
          if (pending[0] != null) {
            sink.accept(pending[0], pendingAdjacent[0]);
          }
          pending[0] = term;
          pendingAdjacent[0] = adjacent;
        });
    if (pending[0] != null) {
      sink.accept(pending[0], pendingAdjacent[0]);
    }
  }

  /** Terms before phrases are joined: the input of phrase detection. */
  public void rawTerms(String text, String language, TermSink sink) {
    if (text == null || text.isEmpty()) {
      return;
    }
    String lang = language == null || UNDETERMINED.equals(language) ? "en" : language;
    Set<String> stops = stopWords(lang);
    Tokenizing tk = TOKENIZING.get();
    Languages.Stemmer stemmer = stem ? tk.stemmer(lang) : null;
    TermCache cache = tk.cache(settings() + "|" + lang);
    Function<String, String> analyzeWord = w -> toTerm(w, stops, stemmer);
    UAX29URLEmailTokenizer tokenizer = tk.tokenizer;
    CharTermAttribute termAtt = tk.termAtt;
    OffsetAttribute offsetAtt = tk.offsetAtt;
    TypeAttribute typeAtt = tk.typeAtt;
    StringBuilder word = tk.word;
    try {
      tokenizer.setReader(new StringReader(text));
      tokenizer.reset();
      // The token being built (it may still be joined with the next across a hyphen).
      int wordStart = -1;
      int wordEnd = -1;
      boolean wordIsLink = false;
      boolean lastPartJoinable = false;
      // End offset of the last emitted or dropped token, to judge adjacency.
      int lastEnd = -1;
      boolean lastWasTerm = false;
      boolean more = tokenizer.incrementToken();
      while (wordStart >= 0 || more) {
        if (more) {
          int start = offsetAtt.startOffset();
          boolean link = isLink(typeAtt.type());
          if (wordStart >= 0
              && !link
              && !wordIsLink
              && start == wordEnd + 1
              && text.charAt(wordEnd) == '-'
              && (lastPartJoinable || joinable(termAtt))) {
            word.append('-');
            appendLower(word, termAtt);
            lastPartJoinable = joinable(termAtt);
            wordEnd = offsetAtt.endOffset();
            more = tokenizer.incrementToken();
            continue;
          }
          if (wordStart < 0) {
            word.setLength(0);
            appendLower(word, termAtt);
            wordStart = start;
            wordEnd = offsetAtt.endOffset();
            wordIsLink = link;
            lastPartJoinable = joinable(termAtt);
            more = tokenizer.incrementToken();
            continue;
          }
        }
        // Emit the finished word.
        boolean adjacent = lastWasTerm && onlySpacesOrHyphen(text, lastEnd, wordStart);
        String term = wordIsLink ? null : cachedTerm(word, cache, analyzeWord);
        if (term != null) {
          sink.accept(term, adjacent);
        }
        lastWasTerm = term != null;
        lastEnd = wordEnd;
        wordStart = -1;
      }
      tokenizer.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tokenize text", e);
    } finally {
      try {
        tokenizer.close();
      } catch (IOException e) {
        // Closing a StringReader does not fail; nothing to recover.
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The term of a lower-cased word, or null; the possessive is dropped before the lookup. */
  private static String cachedTerm(
      StringBuilder word, TermCache cache, Function<String, String> analyzeWord) {
    int len = word.length();
    if (len > 2 && word.charAt(len - 1) == 's' && word.charAt(len - 2) == '\'') {
      word.setLength(len - 2);
    }
    return cache.term(word, analyzeWord);
  }

  /** The term of a lower-cased word without its possessive, or null when it yields none. */
  private String toTerm(String w, Set<String> stops, Languages.Stemmer stemmer) {
    if (w.length() < minTokenChars || !hasLetter(w) || stops.contains(w)) {
      return null;
    }
    if (stemmer != null) {
      String stemmed = stemmer.stem(w);
      return stemmed.length() < minTokenChars ? null : stemmed;
    }
    return w;
  }

  private static void appendLower(StringBuilder out, CharTermAttribute term) {
    char[] buf = term.buffer();
    int n = term.length();
    for (int i = 0; i < n; i++) {
      char c = buf[i];
      if (c == '\u2019') {
        out.append('\'');
      } else if (c < 128) {
        out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      } else if (Character.isHighSurrogate(c) && i + 1 < n) {
        out.appendCodePoint(Character.toLowerCase(Character.toCodePoint(c, buf[++i])));
      } else {
        out.append(Character.toLowerCase(c));
      }
    }
  }

  /** A hyphenated part that does not stand alone: a number or one or two characters. */
  private static boolean joinable(CharSequence part) {
    return part.length() <= 2 || !hasLetter(part);
  }

  private static boolean isLink(String type) {
    return type.equals(UAX29URLEmailTokenizer.TOKEN_TYPES[UAX29URLEmailTokenizer.URL])
        || type.equals(UAX29URLEmailTokenizer.TOKEN_TYPES[UAX29URLEmailTokenizer.EMAIL]);
  }

  private static boolean onlySpacesOrHyphen(String text, int from, int to) {
    if (from < 0 || to <= from) {
      return from >= 0 && to == from;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '-' && c != '\u00A0') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLetter(CharSequence w) {
    for (int i = 0; i < w.length(); i++) {
      if (Character.isLetter(w.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private Set<String> stopWords(String language) {
    if (stopWordsByLanguage == null) {
      stopWordsByLanguage = new HashMap<>();
    }
    return stopWordsByLanguage.computeIfAbsent(
        language,
        l -> {
          Set<String> s = new HashSet<>("en".equals(l) ? englishStopWords() : Languages.stops(l));
          s.addAll(extraStopWords);
          return Set.copyOf(s);
        });
  }

  public boolean isStopWord(String word) {
    return stopWords("en").contains(word);
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

  static Set<String> toStrings(CharArraySet set) {
    Set<String> out = new HashSet<>();
    for (Object o : set) {
      out.add(new String((char[]) o));
    }
    return out;
  }

  /** Per-thread Lucene state: a tokenizer is not thread-safe but is cheap to reuse. */
  private static final class Tokenizing {
    final UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
    final CharTermAttribute termAtt = tokenizer.addAttribute(CharTermAttribute.class);
    final OffsetAttribute offsetAtt = tokenizer.addAttribute(OffsetAttribute.class);
    final TypeAttribute typeAtt = tokenizer.addAttribute(TypeAttribute.class);
    final StringBuilder word = new StringBuilder();
    final Map<String, Languages.Stemmer> stemmers = new HashMap<>();

    /** By analyzer settings and language: the same word gives another term under others. */
    final Map<String, TermCache> caches = new HashMap<>();

    Languages.Stemmer stemmer(String language) {
      return stemmers.computeIfAbsent(language, Languages::stemmer);
    }

    TermCache cache(String settingsAndLanguage) {
      if (caches.size() > 16 && !caches.containsKey(settingsAndLanguage)) {
        caches.clear(); // many analyzer settings in one thread: keep memory bounded
      }
      return caches.computeIfAbsent(settingsAndLanguage, k -> new TermCache(16));
    }
  }
}
