package io.newsdrift.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSweepTest {
  @Test
  void theMostCoherentDiverseCandidateWins() {
    TopicSweep.Recommendation r =
        TopicSweep.recommend(
            List.of(
                new TopicSweep.Candidate(10, "a", 0.10, 0.9, 7.5, 0.7),
                new TopicSweep.Candidate(20, "b", 0.15, 0.8, 7.2, 0.6),
                // most coherent, but its topics repeat each other
                new TopicSweep.Candidate(40, "c", 0.20, 0.4, 7.0, 0.5)));
    assertThat(r.choice().k()).isEqualTo(20);
    assertThat(r.reason())
        .startsWith("k=20 has the best coherence (mean NPMI 0.1500)")
        .contains("diversity >= 0.6: 2 of 3")
        .contains("k=40 npmi=0.2000 diversity=0.400");
  }

  @Test
  void nearTiesGoToTheMoreStableThenTheSmallerK() {
    TopicSweep.Recommendation r =
        TopicSweep.recommend(
            List.of(
                new TopicSweep.Candidate(10, "a", 0.150, 0.9, 7.5, 0.7),
                new TopicSweep.Candidate(20, "b", 0.155, 0.9, 7.2, 0.9)));
    assertThat(r.choice().k()).isEqualTo(20);
    assertThat(r.reason()).contains("most stable (0.900)");
    TopicSweep.Recommendation unmeasured =
        TopicSweep.recommend(
            List.of(
                new TopicSweep.Candidate(20, "b", 0.155, 0.9, 7.2, Double.NaN),
                new TopicSweep.Candidate(10, "a", 0.150, 0.9, 7.5, Double.NaN)));
    assertThat(unmeasured.choice().k()).isEqualTo(10);
  }
}
