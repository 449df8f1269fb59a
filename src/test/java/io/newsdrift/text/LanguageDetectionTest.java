package io.newsdrift.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageDetectionTest {
  @Test
  void detectsTheLanguageOfArticleText() {
    assertThat(
            LanguageDetection.detect(
                "The talks were held in the capital and the leaders agreed on a plan to cut"
                    + " tariffs on steel and aluminium imports over the next two years."))
        .isEqualTo("en");
    assertThat(
            LanguageDetection.detect(
                "Die Gespräche fanden in der Hauptstadt statt, und die Regierungschefs einigten"
                    + " sich auf einen Plan zur Senkung der Zölle auf Stahl."))
        .isEqualTo("de");
    assertThat(
            LanguageDetection.detect(
                "Les négociations se sont tenues dans la capitale et les dirigeants se sont"
                    + " mis d'accord sur un plan de réduction des droits de douane."))
        .isEqualTo("fr");
    assertThat(
            LanguageDetection.detect(
                "Переговоры прошли в столице, и лидеры договорились о плане снижения пошлин."))
        .isEqualTo("ru");
  }

  @Test
  void plainlyEnglishTextIsEnglishWithoutTheDetectorAndOtherLanguagesNever() {
    String english =
        "The talks were held in the capital and the leaders said that they agreed on a plan"
            + " which would cut tariffs on steel and aluminium imports from their neighbours over"
            + " the next two years, and this has been welcomed by the industry and its unions.";
    assertThat(LanguageDetection.plainlyEnglish(Words.split(english))).isTrue();
    assertThat(LanguageDetection.detect(english, Words.split(english))).isEqualTo("en");
    String sparse = // 50 words, 2 markers (and, said): 4%, a list-like English sentence
        "Steel prices rose sharply across european markets on monday as traders weighed new"
            + " tariffs, supply worries, shipping delays, energy costs, weaker currencies, higher"
            + " rates, labour shortages, factory closures, mining strikes, port congestion and"
            + " rising demand in asian economies, analysts said after markets closed late monday"
            + " evening in london frankfurt paris";
    assertThat(Words.split(sparse)).hasSize(50);
    assertThat(LanguageDetection.plainlyEnglish(Words.split(sparse))).isTrue();
    assertThat(LanguageDetection.plainlyEnglish(Words.split(sparse.replace(" and ", " plus "))))
        .as("one marker in 50 words is 2%, under the 4% threshold")
        .isFalse();
    assertThat(LanguageDetection.plainlyEnglish(Words.split("The talks and the plan.")))
        .as("too few words to judge")
        .isFalse();
    // Prose in languages whose own words include English-looking ones (was, of, for, to, by, have)
    for (String other :
        new String[] {
          "Die Gespräche fanden in der Hauptstadt statt, und die Regierungschefs einigten sich"
              + " auf einen Plan zur Senkung der Zölle auf Stahl und Aluminium. Was die Industrie"
              + " davon hält, will der Verband am Montag sagen; die Gewerkschaften sind dafür.",
          "De gesprekken vonden plaats in de hoofdstad en de leiders werden het eens over een plan"
              + " om de invoerrechten op staal te verlagen. Of de industrie daar blij mee is, was"
              + " gisteren nog niet duidelijk; de vakbonden zijn voor het plan van de regering.",
          "Forhandlingerne fandt sted i hovedstaden, og lederne blev enige om en plan for at"
              + " sænke tolden på stål og aluminium over de næste to år. Industrien i byen har"
              + " budt planen velkommen, og fagforeningerne vil have den vedtaget i år."
        }) {
      assertThat(LanguageDetection.plainlyEnglish(Words.split(other))).as(other).isFalse();
      assertThat(LanguageDetection.detect(other, Words.split(other))).isNotEqualTo("en");
    }
  }

  @Test
  void emptyOrNumericTextIsUndetermined() {
    assertThat(LanguageDetection.detect("")).isEqualTo("und");
    assertThat(LanguageDetection.detect(null)).isEqualTo("und");
    assertThat(LanguageDetection.detect("2022 3.5 % 1,000")).isEqualTo("und");
  }
}
