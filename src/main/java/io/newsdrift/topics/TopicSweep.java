package io.newsdrift.topics;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Choosing k from a sweep. The rule, in order: a candidate whose topics repeat each other (topic
 * diversity below {@link #MIN_DIVERSITY}) is only chosen when every candidate does; among the rest
 * the highest mean NPMI wins, where candidates within {@link #NPMI_TIE} of the best count as tied
 * and the most stable of them (best-match similarity to another seed) is taken, then the smallest
 * k. Perplexity is reported but not used: held-out likelihood keeps improving with k long after the
 * topics stop being readable (Chang et al. 2009).
 */
public final class TopicSweep {
  public static final double MIN_DIVERSITY = 0.6;
  public static final double NPMI_TIE = 0.01;

  private TopicSweep() {}

  /** One fitted candidate; stability is NaN when it was not measured. */
  public record Candidate(
      int k,
      String modelId,
      double npmi,
      double diversity,
      double logPerplexity,
      double stability) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "k=%d npmi=%.4f diversity=%.3f log_perplexity=%.3f stability=%.3f",
          k,
          npmi,
          diversity,
          logPerplexity,
          stability);
    }
  }

  /** The recommended candidate and why. */
  public record Recommendation(Candidate choice, String reason) {}

  public static Recommendation recommend(List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one k");
    }
    List<Candidate> diverse =
        candidates.stream().filter(c -> c.diversity() >= MIN_DIVERSITY).toList();
    boolean anyDiverse = !diverse.isEmpty();
    List<Candidate> pool = anyDiverse ? diverse : candidates;
    double bestNpmi = pool.stream().mapToDouble(Candidate::npmi).max().orElseThrow();
    List<Candidate> tied = pool.stream().filter(c -> c.npmi() >= bestNpmi - NPMI_TIE).toList();
    Candidate choice =
        tied.stream()
            .min(
                Comparator.comparingDouble(
                        (Candidate c) -> Double.isNaN(c.stability()) ? 0 : -c.stability())
                    .thenComparingInt(Candidate::k))
            .orElseThrow();
    StringBuilder reason = new StringBuilder();
    reason.append(
        String.format(
            Locale.ROOT,
            "k=%d has the best coherence (mean NPMI %.4f)",
            choice.k(),
            choice.npmi()));
    if (tied.size() > 1) {
      reason.append(
          String.format(
              Locale.ROOT,
              " within %.2f of the best of %d tied candidates and is the most stable (%.3f)",
              NPMI_TIE,
              tied.size(),
              choice.stability()));
    }
    reason.append(
        anyDiverse
            ? String.format(
                Locale.ROOT,
                " among candidates whose topics do not repeat each other (diversity >= %.1f:"
                    + " %d of %d)",
                MIN_DIVERSITY,
                diverse.size(),
                candidates.size())
            : String.format(
                Locale.ROOT,
                "; no candidate reached diversity %.1f, so its topics overlap",
                MIN_DIVERSITY));
    reason.append("; candidates: ");
    reason.append(String.join("; ", candidates.stream().map(Candidate::describe).toList()));
    return new Recommendation(choice, reason.toString());
  }
}
