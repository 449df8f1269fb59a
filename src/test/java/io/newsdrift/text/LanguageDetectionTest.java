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
  void emptyOrNumericTextIsUndetermined() {
    assertThat(LanguageDetection.detect("")).isEqualTo("und");
    assertThat(LanguageDetection.detect(null)).isEqualTo("und");
    assertThat(LanguageDetection.detect("2022 3.5 % 1,000")).isEqualTo("und");
  }
}
