package io.newsdrift.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.junit.jupiter.api.Test;

class TopicQualityTest {
  @Test
  void npmiOfAPairByHand() {
    // 100 documents; a in 20, b in 10, both in 8: p(ab)=0.08, p(a)p(b)=0.02 -> ln 4 / -ln 0.08
    assertThat(TopicQuality.npmi(20, 10, 8, 100))
        .isCloseTo(Math.log(4) / -Math.log(0.08), within(1e-12));
    assertThat(TopicQuality.npmi(20, 10, 0, 100)).isEqualTo(-1.0);
    assertThat(TopicQuality.npmi(10, 10, 10, 10)).isEqualTo(1.0);
  }

  @Test
  void diversityIsTheUniqueShareOfTopTerms() {
    assertThat(TopicQuality.diversity(List.of(List.of("a", "b"), List.of("b", "c"))))
        .isEqualTo(0.75);
  }

  @Test
  void bestMatchFindsPermutedTopics() {
    // vocabulary x topics, column-major: model b has a's topics in the other order
    DenseMatrix a = new DenseMatrix(3, 2, new double[] {1, 0, 0, 0, 1, 1});
    DenseMatrix b = new DenseMatrix(3, 2, new double[] {0, 2, 2, 3, 0, 0});
    assertThat(TopicQuality.bestMatch(a, b)).containsExactly(1.0, 1.0);
  }

  @Test
  void aCandidateHoldsTheMeansOverTheTopics() {
    TopicQuality.Scores scores =
        new TopicQuality.Scores(
            new double[] {0.1, 0.3}, 0.8, 6.5, null, new double[] {Double.NaN, 0.9});
    TopicSweep.Candidate c = scores.candidate(2, "lda-x");
    assertThat(c.npmi()).isCloseTo(0.2, within(1e-12));
    assertThat(c.diversity()).isEqualTo(0.8);
    assertThat(c.logPerplexity()).isEqualTo(6.5);
    assertThat(c.stability()).as("not measured").isNaN();
    assertThat(
            new TopicQuality.Scores(
                    new double[] {0.1, 0.3}, 0.8, 6.5, new double[] {0.5, 1.0}, new double[2])
                .candidate(2, "lda-x")
                .stability())
        .isCloseTo(0.75, within(1e-12));
  }
}
