package io.newsdrift.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianTest {
  @Test
  void aTextbookCase() {
    // rows: workers, columns: jobs; the optimum 1->1, 2->0, 0->2 costs 1 + 2 + 2 = 5
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    int[] a = Hungarian.minimise(cost);
    assertThat(a).containsExactly(1, 0, 2);
    assertThat(total(cost, a)).isEqualTo(5.0);
  }

  @Test
  void agreesWithBruteForceOnRandomRectangularMatrices() {
    Random random = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(5);
      int m = n + random.nextInt(3);
      double[][] cost = new double[n][m];
      for (double[] row : cost) {
        for (int j = 0; j < m; j++) {
          row[j] = random.nextInt(20) - 5 + random.nextDouble();
        }
      }
      int[] a = Hungarian.minimise(cost);
      assertThat(a).doesNotHaveDuplicates();
      assertThat(total(cost, a))
          .as("trial %d", trial)
          .isCloseTo(
              bruteForce(cost, 0, new boolean[m]), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void maximiseFindsThePermutation() {
    double[][] similarity = {{0.1, 0.9, 0.2}, {0.8, 0.1, 0.3}, {0.2, 0.3, 0.7}};
    assertThat(Hungarian.maximise(similarity)).containsExactly(1, 0, 2);
  }

  @Test
  void moreRowsThanColumnsIsRefused() {
    assertThatThrownBy(() -> Hungarian.minimise(new double[3][2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("more rows (3) than columns (2)");
    assertThat(Hungarian.minimise(new double[0][0])).isEmpty();
  }

  private static double total(double[][] cost, int[] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += cost[i][a[i]];
    }
    return s;
  }

  private static double bruteForce(double[][] cost, int row, boolean[] used) {
    if (row == cost.length) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int j = 0; j < used.length; j++) {
      if (!used[j]) {
        used[j] = true;
        best = Math.min(best, cost[row][j] + bruteForce(cost, row + 1, used));
        used[j] = false;
      }
    }
    return best;
  }
}
