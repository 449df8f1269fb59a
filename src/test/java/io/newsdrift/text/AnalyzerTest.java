package io.newsdrift.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.AnalyzerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
  private static final Analyzer PLAIN = new Analyzer(new AnalyzerConfig(2, List.of(), false));

  @Test
  void termsDropStopWordsNumbersAndShortWords() {
    Analyzer a = new Analyzer(new AnalyzerConfig(3, List.of("reuters"), false));
    assertThat(a.terms("The oil price rose 5% to $80 a barrel, Reuters said of OPEC."))
        .containsExactly("oil", "price", "rose", "barrel", "opec");
  }

  @Test
  void termsFollowUnicodeWordBoundaries() {
    // Apostrophes inside a word stay (UAX #29), possessives go, the typographic apostrophe is
    // normalised; abbreviations with inner periods stay one token; "won't" is a stop word.
    assertThat(PLAIN.terms("O\u2019Neill's U.S. visit: Kyiv's mayor won't wait, y'all"))
        .containsExactly("o'neill", "u.s", "visit", "kyiv", "mayor", "wait", "y'all");
    assertThat(PLAIN.terms("Київ — столиця України")).containsExactly("київ", "столиця", "україни");
  }

  @Test
  void hyphensJoinOnlyPartsThatDoNotStandAlone() {
    assertThat(PLAIN.terms("COVID-19 cases, F-16 jets, e-mail and the Russia-Ukraine war"))
        .containsExactly("covid-19", "cases", "f-16", "jets", "e-mail", "russia", "ukraine", "war");
  }

  @Test
  void urlsEmailsNumbersAndCurrencyLeaveNoTerms() {
    assertThat(
            PLAIN.terms(
                "Read https://www.reuters.com/world/europe/ or write to desk@example.com:"
                    + " US$1.5 billion, \u20AC300, 2022, 3.5%"))
        .containsExactly("read", "write", "billion");
  }

  @Test
  void stemmingUsesTheLanguagesSnowballStemmer() {
    Analyzer stemming = new Analyzer(new AnalyzerConfig(2, List.of(), true));
    assertThat(stemming.terms("Sanctions were sanctioned; sanctioning continues"))
        .containsExactly("sanction", "sanction", "sanction", "continu");
    assertThat(stemming.terms("Die Sanktionen gegen Russland", "de"))
        .containsExactly("sanktion", "russland");
  }

  @Test
  void eachLanguageHasItsOwnStopWords() {
    // "die" and "gegen" are German stop words, "die" is an English word.
    assertThat(PLAIN.terms("Die Sanktionen gegen Russland", "de"))
        .containsExactly("sanktionen", "russland");
    assertThat(PLAIN.terms("Die Sanktionen gegen Russland", "en"))
        .containsExactly("die", "sanktionen", "gegen", "russland");
    assertThat(PLAIN.terms("Les sanctions contre la Russie", "fr"))
        .containsExactly("sanctions", "contre", "russie");
  }

  @Test
  void phrasesJoinAdjacentTermsOnly() {
    Analyzer a = PLAIN.withPhrases(Set.of("natural gas", "united states"));
    assertThat(a.terms("Natural gas prices in the United States rose. Natural, gas-fired plants"))
        .containsExactly(
            "natural gas", "prices", "united states", "rose", "natural", "gas", "fired", "plants");
    // A removed stop word between two terms breaks adjacency.
    assertThat(a.terms("natural and gas")).containsExactly("natural", "gas");
  }

  @Test
  void rawTermsReportAdjacency() {
    List<String> seen = new ArrayList<>();
    PLAIN.rawTerms(
        "Xi Jinping met Joe Biden. Then talks", "en", (t, adj) -> seen.add(t + (adj ? "+" : "")));
    assertThat(seen).containsExactly("xi", "jinping+", "met+", "joe+", "biden+", "talks");
  }
}
