package io.newsdrift.topics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable topic ids across model versions. A new model's topics are matched one to one with the
 * previous model's by optimal assignment ({@link Hungarian}) on the cosine similarity of their term
 * distributions (over the terms both vocabularies share); a topic whose match reaches the threshold
 * keeps the previous topic's id, any other topic gets a new id never used before.
 */
public final class TopicAlignment {
  private TopicAlignment() {}

  /** A model's topics as the next version is matched against them. */
  public record Topics(int[] ids, double[][] distributions, List<String> vocabulary) {}

  /**
   * The outcome: each new topic's id, its similarity to the previous topic it was matched with (NaN
   * when it got a new id or there was no previous model) and the previous id (-1 when none), and
   * the next unused id.
   */
  public record Result(int[] ids, double[] similarity, int[] previousIds, int nextTopicId) {
    public int matched() {
      return (int) Arrays.stream(previousIds).filter(p -> p >= 0).count();
    }
  }

  /** Ids 0..k-1 for the first model. */
  public static Result first(int k) {
    double[] none = new double[k];
    Arrays.fill(none, Double.NaN);
    int[] noPrevious = new int[k];
    Arrays.fill(noPrevious, -1);
    return new Result(java.util.stream.IntStream.range(0, k).toArray(), none, noPrevious, k);
  }

  /**
   * Matches {@code current} (whose ids are ignored) with {@code previous}.
   *
   * @param nextTopicId the first id never used by any earlier model
   * @param threshold least similarity for a match to keep the previous id
   */
  public static Result align(Topics current, Topics previous, int nextTopicId, double threshold) {
    double[][] sim = similarity(current, previous);
    int kNew = current.distributions().length;
    int kOld = previous.distributions().length;
    int[] partner = new int[kNew];
    Arrays.fill(partner, -1);
    if (kNew <= kOld) {
      int[] a = Hungarian.maximise(sim);
      System.arraycopy(a, 0, partner, 0, kNew);
    } else {
      double[][] transposed = new double[kOld][kNew];
      for (int i = 0; i < kNew; i++) {
        for (int j = 0; j < kOld; j++) {
          transposed[j][i] = sim[i][j];
        }
      }
      int[] a = Hungarian.maximise(transposed);
      for (int j = 0; j < kOld; j++) {
        partner[a[j]] = j;
      }
    }
    int[] ids = new int[kNew];
    double[] similarity = new double[kNew];
    int[] previousIds = new int[kNew];
    int next = nextTopicId;
    for (int i = 0; i < kNew; i++) {
      int j = partner[i];
      if (j >= 0 && sim[i][j] >= threshold) {
        ids[i] = previous.ids()[j];
        similarity[i] = sim[i][j];
        previousIds[i] = previous.ids()[j];
      } else {
        ids[i] = next++;
        similarity[i] = Double.NaN;
        previousIds[i] = -1;
      }
    }
    return new Result(ids, similarity, previousIds, next);
  }

  /** Cosine similarity of every current topic (rows) with every previous topic (columns). */
  static double[][] similarity(Topics current, Topics previous) {
    Map<String, Integer> previousIndex = new HashMap<>();
    for (int w = 0; w < previous.vocabulary().size(); w++) {
      previousIndex.put(previous.vocabulary().get(w), w);
    }
    int[] toPrevious = new int[current.vocabulary().size()];
    for (int w = 0; w < toPrevious.length; w++) {
      toPrevious[w] = previousIndex.getOrDefault(current.vocabulary().get(w), -1);
    }
    double[][] a = current.distributions();
    double[][] b = previous.distributions();
    double[] normB = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      for (double x : b[j]) {
        normB[j] += x * x;
      }
    }
    double[][] out = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      double normA = 0;
      for (double x : a[i]) {
        normA += x * x;
      }
      for (int j = 0; j < b.length; j++) {
        double dot = 0;
        for (int w = 0; w < toPrevious.length; w++) {
          if (toPrevious[w] >= 0) {
            dot += a[i][w] * b[j][toPrevious[w]];
          }
        }
        out[i][j] = normA > 0 && normB[j] > 0 ? dot / Math.sqrt(normA * normB[j]) : 0;
      }
    }
    return out;
  }
}
