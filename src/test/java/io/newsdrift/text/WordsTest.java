package io.newsdrift.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void splitKeepsInnerJoinersAndDropsPossessives() {
    assertThat(Words.split("Ukraine's COVID-19 plan: U.S. don't  \u2014 Kyiv\u2019s 3.5% rise"))
        .containsExactly("ukraine", "covid-19", "plan", "u.s", "don't", "kyiv", "3.5", "rise");
  }

  @Test
  void splitHandlesNonLatinScripts() {
    assertThat(Words.split("Київ — столиця України")).containsExactly("київ", "столиця", "україни");
  }

  @Test
  void countAgreesWithSplit() {
    String text = "Putin arrived in Beijing on Thursday for a two-day state visit.";
    assertThat(Words.count(text)).isEqualTo(Words.split(text).size()).isEqualTo(11);
  }
}
