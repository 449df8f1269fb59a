package io.newsdrift.topics;

import java.util.Arrays;

/**
 * Optimal assignment (the Hungarian algorithm, Kuhn 1955 and Munkres 1957, in the O(n² m)
 * shortest-augmenting-path form with row and column potentials).
 */
public final class Hungarian {
  private Hungarian() {}

  /**
   * The assignment of rows to distinct columns with the least total cost.
   *
   * @param cost rows x columns, with no more rows than columns; finite values
   * @return for each row, its column
   */
  public static int[] minimise(double[][] cost) {
    int n = cost.length;
    if (n == 0) {
      return new int[0];
    }
    int m = cost[0].length;
    if (n > m) {
      throw new IllegalArgumentException("more rows (" + n + ") than columns (" + m + ")");
    }
    // 1-based arrays: column 0 is a virtual start column.
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] rowOfColumn = new int[m + 1];
    int[] way = new int[m + 1];
    for (int i = 1; i <= n; i++) {
      rowOfColumn[0] = i;
      int j0 = 0;
      double[] minv = new double[m + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[m + 1];
      do {
        used[j0] = true;
        int i0 = rowOfColumn[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = -1;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[rowOfColumn[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (rowOfColumn[j0] != 0);
      do {
        int j1 = way[j0];
        rowOfColumn[j0] = rowOfColumn[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] out = new int[n];
    for (int j = 1; j <= m; j++) {
      if (rowOfColumn[j] != 0) {
        out[rowOfColumn[j] - 1] = j - 1;
      }
    }
    return out;
  }

  /** The assignment with the greatest total similarity (rows x columns, rows ≤ columns). */
  public static int[] maximise(double[][] similarity) {
    double[][] cost = new double[similarity.length][];
    for (int i = 0; i < similarity.length; i++) {
      cost[i] = new double[similarity[i].length];
      for (int j = 0; j < similarity[i].length; j++) {
        cost[i][j] = -similarity[i][j];
      }
    }
    return minimise(cost);
  }
}
