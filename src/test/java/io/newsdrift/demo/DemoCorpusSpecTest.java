package io.newsdrift.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCorpusSpecTest {
  @Test
  void densitySpreadsALargerCorpusOverMoreDays() {
    DemoCorpusSpec spec = DemoCorpusSpec.defaults().withArticles(732_000).withDensity(200);
    // 732,000 articles / (6 outlets x 200 a day) = 610 days
    assertEquals(610, spec.days());
    assertEquals(732_000, spec.articles());
    assertEquals(LocalDate.of(2025, 9, 2), spec.end());
    DemoCorpusSpec twice = spec.withArticles(1_464_000).withDensity(200);
    assertEquals(1220, twice.days(), "twice the articles at the same density span twice the days");
  }

  @Test
  void densityNeverSpansFewerThanTheDefaultTwelveWeeks() {
    DemoCorpusSpec small = DemoCorpusSpec.defaults().withArticles(11_000).withDensity(200);
    assertEquals(DemoCorpusSpec.DEFAULT_DAYS, small.days());
    assertEquals(
        LocalDate.of(2024, 3, 25), small.end(), "the default 12 weeks end on Sunday 03-24");
  }

  @Test
  void densityMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DemoCorpusSpec.defaults().withDensity(0));
    assertTrue(e.getMessage().contains("was 0"), e.getMessage());
  }

  @Test
  void generatedArticlesRunFromTheStartToTheDayBeforeTheEnd(@TempDir Path dir) throws IOException {
    DemoCorpusSpec spec = DemoCorpusSpec.defaults().withArticles(3000).withDensity(5);
    assertEquals(100, spec.days());
    DemoCorpusGenerator.generate(spec, dir);
    ObjectMapper json = new ObjectMapper();
    List<String> days = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
      for (Path file : files) {
        for (String line : Files.readAllLines(file)) {
          days.add(json.readTree(line).get("date").asText().substring(0, 10));
        }
      }
    }
    assertEquals(3000, days.size());
    assertEquals("2024-01-01", Collections.min(days));
    assertEquals(spec.end().minusDays(1).toString(), Collections.max(days), "the end has none");
  }
}
