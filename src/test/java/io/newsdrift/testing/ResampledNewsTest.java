package io.newsdrift.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResampledNewsTest {
  private static List<ResampledNews.Source> sources(int n) {
    List<ResampledNews.Source> sources = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      StringBuilder text = new StringBuilder();
      for (int s = 0; s < 10; s++) {
        text.append("Article ").append(a).append(" sentence ").append(s).append(".\n  ");
      }
      sources.add(
          ResampledNews.Source.of(
              "outlet" + a, "1987-03-0" + (a % 9 + 1), "t" + a, text.toString()));
    }
    return sources;
  }

  @Test
  void splitsSentencesAndFoldsBlankSpace() {
    ResampledNews.Source s =
        ResampledNews.Source.of(
            "o", "2020-01-01", "t", " Prices rose.\nOil   fell!  Why? 3.5 pct ");
    assertEquals(List.of("Prices rose.", "Oil fell!", "Why?", "3.5 pct"), s.sentences());
    assertNull(ResampledNews.Source.of("o", "2020-01-01", "t", "  \n "));
    assertNull(ResampledNews.Source.of("o", "2020-01-01", "t", null));
  }

  @Test
  void articlesMixWholeSentencesOfTwoSourcesAndKeepThePrimarysFields() {
    List<ResampledNews.Source> sources = sources(50);
    ResampledNews news = new ResampledNews(sources, 7);
    Set<String> allSentences = new HashSet<>();
    sources.forEach(s -> allSentences.addAll(s.sentences()));
    int sentences = 0;
    for (int i = 0; i < 2000; i++) {
      ResampledNews.Article a = news.article(i);
      String[] parts = a.text().split("(?<=\\.) ");
      int primary = Integer.parseInt(a.outlet().substring("outlet".length()));
      assertTrue(parts[0].startsWith("Article " + primary + " "), a.text());
      assertEquals("t" + primary, a.title());
      assertEquals(sources.get(primary).date(), a.date());
      for (String p : parts) {
        assertTrue(allSentences.contains(p), p);
      }
      sentences += parts.length;
    }
    // 10 sentences a source: 6 of the primary's and 3 of the secondary's on average.
    double mean = sentences / 2000.0;
    assertTrue(mean > 8.5 && mean < 9.5, "mean sentences " + mean);
  }

  @Test
  void theSameSeedGivesTheSameCorpusAndAnotherSeedAnother() throws Exception {
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();
    StringWriter c = new StringWriter();
    new ResampledNews(sources(20), 1).writeJsonLines(300, a);
    new ResampledNews(sources(20), 1).writeJsonLines(300, b);
    new ResampledNews(sources(20), 2).writeJsonLines(300, c);
    assertEquals(a.toString(), b.toString());
    assertNotEquals(a.toString(), c.toString());

    String[] lines = a.toString().split("\n");
    assertEquals(300, lines.length);
    JsonNode last = new ObjectMapper().readTree(lines[299]);
    assertEquals("resampled-299", last.get("id").asText());
    assertFalse(last.get("text").asText().isEmpty());
    assertEquals(new ResampledNews(sources(20), 1).article(299).text(), last.get("text").asText());
  }

  @Test
  void needsTwoSources() {
    assertThrows(IllegalArgumentException.class, () -> new ResampledNews(sources(1), 1));
  }
}
