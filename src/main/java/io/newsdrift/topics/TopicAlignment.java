package io.newsdrift.topics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable topic ids across model versions. A new model's topics are matched one to one with the
 * previous model's by optimal assignment ({@link Hungarian}) on the cosine similarity of their term
 * distributions (over the terms both vocabularies share); a topic whose match reaches the threshold
 * keeps the previous topic's id, any other topic gets a new id never used before. A topic seeded
 * with a theme is the same subject as the previous model's topic of that theme by construction: the
 * two are paired first and keep the id whatever their similarity (which is still recorded).
 */
public final class TopicAlignment {
  private TopicAlignment() {}

  /** A model's topics as the next version is matched against them. */
  public record Topics(
      int[] ids, double[][] distributions, List<String> vocabulary, List<String> themes) {
    /** Unseeded topics. */
    public Topics(int[] ids, double[][] distributions, List<String> vocabulary) {
      this(ids, distributions, vocabulary, java.util.Collections.nCopies(distributions.length, ""));
    }

    static Topics of(TopicModel model) {
      return new Topics(
          model.topicIds(), model.topicTermDistributions(), model.vocabulary(), model.themes());
    }
  }

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

  /** Matches a new model's topics (whose ids are ignored) with the previous model's. */
  public static Result align(
      TopicModel current, TopicModel previous, int nextTopicId, double threshold) {
    return align(Topics.of(current), Topics.of(previous), nextTopicId, threshold);
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
    boolean[] seededPair = new boolean[kNew];
    boolean[] previousTaken = new boolean[kOld];
    for (int i = 0; i < kNew; i++) {
      String theme = current.themes().get(i);
      int j = theme.isEmpty() ? -1 : previous.themes().indexOf(theme);
      if (j >= 0) {
        partner[i] = j;
        seededPair[i] = true;
        previousTaken[j] = true;
      }
    }
    int[] rows = java.util.stream.IntStream.range(0, kNew).filter(i -> !seededPair[i]).toArray();
    int[] cols = java.util.stream.IntStream.range(0, kOld).filter(j -> !previousTaken[j]).toArray();
    if (rows.length > 0 && cols.length > 0) {
      boolean byRow = rows.length <= cols.length;
      double[][] m =
          new double[byRow ? rows.length : cols.length][byRow ? cols.length : rows.length];
      for (int a = 0; a < rows.length; a++) {
        for (int b = 0; b < cols.length; b++) {
          double x = sim[rows[a]][cols[b]];
          if (byRow) {
            m[a][b] = x;
          } else {
            m[b][a] = x;
          }
        }
      }
      int[] assigned = Hungarian.maximise(m);
      for (int a = 0; a < assigned.length; a++) {
        if (byRow) {
          partner[rows[a]] = cols[assigned[a]];
        } else {
          partner[rows[assigned[a]]] = cols[a];
        }
      }
    }
    int[] ids = new int[kNew];
    double[] similarity = new double[kNew];
    int[] previousIds = new int[kNew];
    int next = nextTopicId;
    for (int i = 0; i < kNew; i++) {
      int j = partner[i];
      if (j >= 0 && (seededPair[i] || sim[i][j] >= threshold)) {
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
