package io.newsdrift.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundWordsTest {
  private static final Pattern RARE = Pattern.compile("(?:[bdfgklmnprstvz][aeiou]){3,4}");

  /** Two source articles whose words no demo vocabulary list contains. */
  private static BackgroundWords twoArticles() {
    return BackgroundWords.of(
        List.of(
            new String[] {"quokka", "quokka", "wombat"}, new String[0], new String[] {"axolotl"}));
  }

  @Test
  void drawsAnArticlesOwnWordsAtItsFrequenciesPlusRareWords() {
    BackgroundWords words = twoArticles();
    assertEquals(2, words.articles(), "the article without words is left out");
    assertEquals(3, words.terms());
    SplittableRandom rnd = new SplittableRandom(7);
    int draws = 100_000;
    int quokka = 0;
    int wombat = 0;
    int rare = 0;
    for (int i = 0; i < draws; i++) {
      String w = words.word(0, rnd);
      switch (w) {
        case "quokka" -> quokka++;
        case "wombat" -> wombat++;
        default -> {
          assertTrue(RARE.matcher(w).matches(), w);
          rare++;
        }
      }
      String other = words.word(1, rnd);
      assertTrue(other.equals("axolotl") || RARE.matcher(other).matches(), other);
    }
    assertEquals(BackgroundWords.RARE_WORD_RATE, rare / (double) draws, 0.003);
    assertEquals(2.0, quokka / (double) wombat, 0.1);
  }

  @Test
  void everyRankHasItsOwnRareWordOfThreeOrFourSyllables() {
    Set<String> seen = new HashSet<>();
    for (int rank = 1; rank <= 200_000; rank++) {
      String w = BackgroundWords.rareWord(rank);
      assertTrue(RARE.matcher(w).matches(), w);
      assertTrue(seen.add(w), "rank " + rank + " repeats " + w);
    }
    assertTrue(RARE.matcher(BackgroundWords.rareWord(BackgroundWords.RARE_WORD_RANKS)).matches());
  }

  @Test
  void rareWordsKeepComingAsTheCorpusGrows() {
    BackgroundWords words = twoArticles();
    SplittableRandom rnd = new SplittableRandom(1);
    Set<String> distinct = new HashSet<>();
    int[] atCheckpoints = new int[2];
    for (int i = 1; i <= 2_000_000; i++) {
      distinct.add(words.word(0, rnd));
      if (i == 200_000) {
        atCheckpoints[0] = distinct.size();
      }
    }
    atCheckpoints[1] = distinct.size();
    // Ten times the draws must give clearly more words (sublinear growth, as in real text).
    assertTrue(
        atCheckpoints[1] > 3 * atCheckpoints[0],
        List.of(atCheckpoints[0], atCheckpoints[1]).toString());
    assertTrue(
        atCheckpoints[1] < 10 * atCheckpoints[0],
        List.of(atCheckpoints[0], atCheckpoints[1]).toString());
  }

  @Test
  void refusesSourcesWithoutWords() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackgroundWords.of(List.of(new String[0], new String[0])));
    assertTrue(e.getMessage().contains("2 articles"), e.getMessage());
  }

  @Test
  void corpusWithBackgroundWordsKeepsItsPlantsAndIsReproducible(@TempDir Path tmp)
      throws IOException {
    DemoCorpusSpec spec = DemoCorpusSpec.defaults().withArticles(600);
    DemoCorpus plain = DemoCorpusGenerator.generate(spec, tmp.resolve("plain"));
    DemoCorpus first = DemoCorpusGenerator.generate(spec, twoArticles(), tmp.resolve("a"));
    DemoCorpus second = DemoCorpusGenerator.generate(spec, twoArticles(), tmp.resolve("b"));

    assertEquals(600, first.articles());
    assertEquals(plain.shifts(), first.shifts());
    assertTrue(first.syndications().size() > 0);
    assertEquals(first.syndications(), second.syndications());
    for (String outlet : DemoVocabulary.OUTLETS) {
      String file = "articles-" + outlet + ".jsonl";
      assertArrayEquals(
          Files.readAllBytes(tmp.resolve("a").resolve(file)),
          Files.readAllBytes(tmp.resolve("b").resolve(file)),
          file);
    }

    // Every original body has background words, and the titles stay subject words.
    ObjectMapper json = new ObjectMapper();
    Set<String> copies = new HashSet<>();
    first.syndications().forEach(s -> copies.add(s.copyId()));
    List<String> originals = new ArrayList<>();
    for (String outlet : DemoVocabulary.OUTLETS) {
      for (String line :
          Files.readAllLines(tmp.resolve("a").resolve("articles-" + outlet + ".jsonl"))) {
        JsonNode article = json.readTree(line);
        if (!copies.contains(article.get("id").asText())) {
          originals.add(article.get("text").asText().toLowerCase());
          String title = article.get("title").asText().toLowerCase();
          assertTrue(!title.contains("quokka") && !title.contains("axolotl"), title);
        }
      }
    }
    int withBackground = 0;
    for (String text : originals) {
      Matcher m = Pattern.compile("\\b(quokka|wombat|axolotl)\\b").matcher(text);
      withBackground += m.find() ? 1 : 0;
    }
    assertEquals(originals.size(), withBackground);
  }
}
