package io.newsdrift.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicAlignmentTest {
  private static final List<String> VOCAB =
      List.of("oil", "crude", "trade", "tariff", "war", "kyiv");

  @Test
  void permutedTopicsKeepTheirIdsAndANewTopicGetsANewId() {
    // previous model: ids 3 (energy-like), 7 (trade-like), 9 (war-like); next unused id 12
    TopicAlignment.Topics previous =
        new TopicAlignment.Topics(
            new int[] {3, 7, 9},
            new double[][] {
              {0.5, 0.5, 0, 0, 0, 0}, {0, 0, 0.6, 0.4, 0, 0}, {0, 0, 0, 0, 0.5, 0.5},
            },
            VOCAB);
    // new model: trade, something new (tariff-free, oil-free), energy; different vocabulary order
    List<String> vocab = List.of("kyiv", "war", "tariff", "trade", "crude", "oil", "weather");
    TopicAlignment.Topics current =
        new TopicAlignment.Topics(
            new int[] {0, 1, 2},
            new double[][] {
              {0, 0, 0.4, 0.6, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 1.0}, {0, 0, 0, 0, 0.4, 0.6, 0},
            },
            vocab);
    TopicAlignment.Result r = TopicAlignment.align(current, previous, 12, 0.5);
    assertThat(r.ids()).containsExactly(7, 12, 3);
    assertThat(r.previousIds()).containsExactly(7, -1, 3);
    assertThat(r.similarity()[0]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.similarity()[1]).isNaN();
    assertThat(r.similarity()[2]).isGreaterThan(0.95).isLessThan(1.0);
    assertThat(r.nextTopicId()).isEqualTo(13);
    assertThat(r.matched()).isEqualTo(2);
  }

  @Test
  void moreTopicsThanBeforeGetNewIdsForTheRest() {
    TopicAlignment.Topics previous =
        new TopicAlignment.Topics(new int[] {0}, new double[][] {{0, 0, 0, 0, 1, 1}}, VOCAB);
    TopicAlignment.Topics current =
        new TopicAlignment.Topics(
            new int[] {0, 1}, new double[][] {{1, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0.9}}, VOCAB);
    TopicAlignment.Result r = TopicAlignment.align(current, previous, 1, 0.5);
    assertThat(r.ids()).containsExactly(1, 0);
    assertThat(r.nextTopicId()).isEqualTo(2);
  }

  @Test
  void seededTopicsOfTheSameThemeKeepTheirIdWhateverTheirSimilarity() {
    TopicAlignment.Topics previous =
        new TopicAlignment.Topics(
            new int[] {0, 1},
            new double[][] {{0, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 1, 1}},
            VOCAB,
            List.of("trade", ""));
    TopicAlignment.Topics current =
        new TopicAlignment.Topics(
            new int[] {0, 1},
            new double[][] {{0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 1, 1}},
            VOCAB,
            List.of("trade", ""));
    TopicAlignment.Result r = TopicAlignment.align(current, previous, 2, 0.5);
    assertThat(r.ids()).containsExactly(0, 1);
    assertThat(r.similarity()[0]).isEqualTo(0.0);
  }

  @Test
  void aFirstModelNumbersItsTopics() {
    assertThat(TopicAlignment.first(3).ids()).containsExactly(0, 1, 2);
    assertThat(TopicAlignment.first(3).nextTopicId()).isEqualTo(3);
  }
}
