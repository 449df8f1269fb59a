package io.newsdrift.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.AnalyzerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
  @Test
  void wordsKeepInnerJoinersAndDropPossessives() {
    assertThat(Analyzer.words("Ukraine's COVID-19 plan: U.S. don't  \u2014 Kyiv\u2019s 3.5% rise"))
        .containsExactly("ukraine", "covid-19", "plan", "u.s", "don't", "kyiv", "3.5", "rise");
  }

  @Test
  void wordsHandleNonLatinScripts() {
    assertThat(Analyzer.words("Київ — столиця України"))
        .containsExactly("київ", "столиця", "україни");
  }

  @Test
  void termsDropStopWordsNumbersAndShortWords() {
    Analyzer a = new Analyzer(new AnalyzerConfig(3, List.of("reuters")));
    assertThat(a.terms("The oil price rose 5% to $80 a barrel, Reuters said of OPEC."))
        .containsExactly("oil", "price", "rose", "barrel", "opec");
  }

  @Test
  void wordCountAgreesWithWords() {
    String text = "Putin arrived in Beijing on Thursday for a two-day state visit.";
    assertThat(Analyzer.wordCount(text)).isEqualTo(Analyzer.words(text).size()).isEqualTo(11);
  }

  @Test
  void languageGuess() {
    Analyzer a = Analyzer.defaults();
    assertThat(
            a.guessLanguage(
                Analyzer.words(
                    "The talks were held in the capital and the leaders agreed on a plan")))
        .isEqualTo("en");
    assertThat(a.guessLanguage(Analyzer.words("Die Gespräche fanden in der Hauptstadt statt")))
        .isEqualTo("und");
  }
}
