package io.newsdrift.report;

import java.util.List;
import java.util.Map;

/**
 * The small, already aggregated numbers the report draws: everything here is bounded by periods,
 * themes, topics and a handful of outlets, never by the number of articles.
 */
public record ReportData(
    String warehouse,
    Map<String, String> run,
    Map<String, Double> stageSeconds,
    List<Shift> shifts,
    List<Point> attention,
    List<Cell> prevalence,
    List<Pair> syndication) {

  /** A flagged shift. */
  public record Shift(
      String period,
      String outlet,
      String subject,
      String flag,
      double share,
      double baseline,
      double z,
      List<String> terms) {}

  /** One point of a theme's attention series for an outlet. */
  public record Point(String theme, String outlet, String period, Double share) {}

  /** Mean topic weight of an outlet. */
  public record Cell(String outlet, String topic, double share) {}

  /** How many stories an outlet republished from another. */
  public record Pair(String from, String to, long copies) {}
}
