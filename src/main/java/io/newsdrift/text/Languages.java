package io.newsdrift.text;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.DanishStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FinnishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.NorwegianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.SwedishStemmer;

/**
 * The languages the analyzer knows: Lucene's stop-word list and the Snowball stemmer of each, by
 * ISO 639-1 code. English uses the project's own stop words (see {@link Analyzer}).
 */
final class Languages {
  private Languages() {}

  private static final Map<String, Supplier<CharArraySet>> STOPS =
      Map.ofEntries(
          Map.entry("da", DanishAnalyzer::getDefaultStopSet),
          Map.entry("de", GermanAnalyzer::getDefaultStopSet),
          Map.entry("es", SpanishAnalyzer::getDefaultStopSet),
          Map.entry("fi", FinnishAnalyzer::getDefaultStopSet),
          Map.entry("fr", FrenchAnalyzer::getDefaultStopSet),
          Map.entry("it", ItalianAnalyzer::getDefaultStopSet),
          Map.entry("nl", DutchAnalyzer::getDefaultStopSet),
          Map.entry("no", NorwegianAnalyzer::getDefaultStopSet),
          Map.entry("pt", PortugueseAnalyzer::getDefaultStopSet),
          Map.entry("ru", RussianAnalyzer::getDefaultStopSet),
          Map.entry("sv", SwedishAnalyzer::getDefaultStopSet));

  private static final Map<String, Supplier<SnowballStemmer>> STEMMERS =
      Map.ofEntries(
          Map.entry("en", EnglishStemmer::new),
          Map.entry("da", DanishStemmer::new),
          Map.entry("de", GermanStemmer::new),
          Map.entry("es", SpanishStemmer::new),
          Map.entry("fi", FinnishStemmer::new),
          Map.entry("fr", FrenchStemmer::new),
          Map.entry("it", ItalianStemmer::new),
          Map.entry("nl", DutchStemmer::new),
          Map.entry("no", NorwegianStemmer::new),
          Map.entry("pt", PortugueseStemmer::new),
          Map.entry("ru", RussianStemmer::new),
          Map.entry("sv", SwedishStemmer::new));

  /** Every code with stop words and a stemmer, and {@code und} (analysed as English). */
  static final Set<String> SUPPORTED =
      Set.of("en", "und", "da", "de", "es", "fi", "fr", "it", "nl", "no", "pt", "ru", "sv");

  static Set<String> stops(String language) {
    Supplier<CharArraySet> s = STOPS.get(language);
    if (s == null) {
      throw new IllegalArgumentException(
          "no stop words for language '" + language + "'; known: " + SUPPORTED);
    }
    return Analyzer.toStrings(s.get());
  }

  static Stemmer stemmer(String language) {
    Supplier<SnowballStemmer> s = STEMMERS.get(language);
    if (s == null) {
      throw new IllegalArgumentException(
          "no stemmer for language '" + language + "'; known: " + SUPPORTED);
    }
    SnowballStemmer snowball = s.get();
    return word -> {
      snowball.setCurrent(word);
      snowball.stem();
      return snowball.getCurrent();
    };
  }

  /** One language's stemmer; not thread-safe. */
  @FunctionalInterface
  interface Stemmer {
    String stem(String word);
  }
}
