package io.newsdrift.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.CoverageConfig;
import io.newsdrift.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThemeMatcherTest {
  private final ThemeMatcher matcher =
      new ThemeMatcher(CoverageConfig.from(Settings.defaults()).themes(), 1, 2);

  @Test
  void oneHitInTheTitleOrTwoAnywhere() {
    assertThat(matcher.match("Ukraine's grain deal stalls", "Talks went on."))
        .containsExactly("ukraine");
    assertThat(matcher.match("Markets", "Oil rose. Analysts expect more.")).isEmpty();
    assertThat(matcher.match("Markets", "Oil rose and natural gas followed."))
        .containsExactly("energy");
  }

  @Test
  void phrasesMatchAsConsecutiveWordsOnly() {
    ThemeMatcher m = new ThemeMatcher(Map.of("t", List.of("trade war")), 1, 2);
    assertThat(m.match("A trade war looms", "")).containsExactly("t");
    assertThat(m.match("Trade talks, war games", "")).isEmpty();
    assertThat(m.hits(List.of("trade", "war", "trade", "war"))).containsEntry("t", 2);
  }
}
