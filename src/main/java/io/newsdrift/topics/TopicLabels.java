package io.newsdrift.topics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Readable topic labels: the two most probable terms and, when it is another term, the most
 * exclusive of the topic's top 20 (the largest share p(w|t) / Σ p(w|t') of the term's probability
 * mass across topics), so two topics that share their top words still read differently. A seeded
 * topic's label starts with its theme: {@code "energy: oil / crude / opec"}.
 */
public final class TopicLabels {
  static final int PROBABLE = 2;
  static final int EXCLUSIVE_AMONG = 20;

  private TopicLabels() {}

  public static List<String> labels(TopicModel model) {
    double[][] dist = model.topicTermDistributions();
    List<int[]> top = TopicModel.topIndices(dist, EXCLUSIVE_AMONG);
    List<String> out = new ArrayList<>();
    for (int t = 0; t < dist.length; t++) {
      Set<String> words = new LinkedHashSet<>();
      int[] idx = top.get(t);
      for (int i = 0; i < Math.min(PROBABLE, idx.length); i++) {
        words.add(model.vocabulary().get(idx[i]));
      }
      int exclusive = -1;
      double best = -1;
      for (int w : idx) {
        double total = 0;
        for (double[] row : dist) {
          total += row[w];
        }
        double share = dist[t][w] / total;
        if (share > best) {
          best = share;
          exclusive = w;
        }
      }
      if (exclusive >= 0) {
        words.add(model.vocabulary().get(exclusive));
      }
      String theme = model.themes().get(t);
      String terms = String.join(" / ", words);
      out.add(theme.isEmpty() ? terms : theme + ": " + terms);
    }
    return out;
  }
}
