package io.newsdrift.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS and inline SVG charts, no
 * script, no fonts or anything else fetched from the network. Every chart is an {@code <svg
 * class="chart">} so a reader (or a test) can find them.
 */
public final class HtmlReport {
  private static final String[] COLORS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int WIDTH = 900;
  private static final int HEIGHT = 260;
  private static final int PAD = 40;

  private HtmlReport() {}

  public static String render(ReportData d) {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>newsdrift report</title><style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:960px}")
        .append(
            "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
        .append("th{background:#f0f0f0}h2{margin-top:32px;border-bottom:1px solid #ddd}")
        .append(
            ".chart{display:block;margin:8px 0 16px;background:#fff}.legend span{margin-right:14px;font-size:12px}")
        .append("</style></head><body>\n");
    h.append("<h1>newsdrift report</h1><p>Warehouse: <code>")
        .append(esc(d.warehouse()))
        .append("</code></p>\n");
    runSection(h, d);
    shiftSection(h, d);
    attentionSection(h, d);
    prevalenceSection(h, d);
    syndicationSection(h, d);
    return h.append("</body></html>\n").toString();
  }

  private static void runSection(StringBuilder h, ReportData d) {
    h.append("<h2 id=\"run\">Latest run</h2><table>");
    d.run()
        .forEach(
            (k, v) ->
                h.append("<tr><th>")
                    .append(esc(k))
                    .append("</th><td>")
                    .append(esc(v))
                    .append("</td></tr>"));
    h.append("</table>\n");
    List<String> labels = new ArrayList<>(d.stageSeconds().keySet());
    List<Double> values = new ArrayList<>(d.stageSeconds().values());
    bars(h, "stage-seconds", "Seconds per stage", labels, values, "%.1f s");
  }

  private static void shiftSection(StringBuilder h, ReportData d) {
    h.append("<h2 id=\"shifts\">Recent shifts</h2>");
    if (d.shifts().isEmpty()) {
      h.append("<p>No shift flagged.</p>");
      return;
    }
    h.append(
            "<table><tr><th>week of</th><th>outlet</th><th>subject</th><th>flag</th><th>share</th>")
        .append("<th>baseline</th><th>z</th><th>new terms</th></tr>");
    for (ReportData.Shift s : d.shifts()) {
      h.append("<tr><td>")
          .append(esc(s.period()))
          .append("</td><td>")
          .append(esc(s.outlet()))
          .append("</td><td>")
          .append(esc(s.subject()))
          .append("</td><td>")
          .append(esc(s.flag()))
          .append("</td><td>")
          .append(fmt("%.3f", s.share()))
          .append("</td><td>")
          .append(fmt("%.3f", s.baseline()))
          .append("</td><td>")
          .append(fmt("%.1f", s.z()))
          .append("</td><td>")
          .append(esc(String.join(", ", s.terms())))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void attentionSection(StringBuilder h, ReportData d) {
    h.append("<h2 id=\"attention\">Attention by theme and outlet (weekly share of articles)</h2>");
    Map<String, Map<String, List<ReportData.Point>>> byTheme = new LinkedHashMap<>();
    TreeSet<String> periods = new TreeSet<>();
    for (ReportData.Point p : d.attention()) {
      byTheme
          .computeIfAbsent(p.theme(), t -> new LinkedHashMap<>())
          .computeIfAbsent(p.outlet(), o -> new ArrayList<>())
          .add(p);
      periods.add(p.period());
    }
    List<String> axis = new ArrayList<>(periods);
    byTheme.forEach(
        (theme, series) -> {
          double max =
              series.values().stream()
                  .flatMap(List::stream)
                  .filter(p -> p.share() != null)
                  .mapToDouble(ReportData.Point::share)
                  .max()
                  .orElse(1.0);
          h.append("<h3>").append(esc(theme)).append("</h3>");
          h.append(svgOpen("attention-" + theme));
          axes(h, axis, max);
          int c = 0;
          StringBuilder legend = new StringBuilder("<div class=\"legend\">");
          for (Map.Entry<String, List<ReportData.Point>> s : series.entrySet()) {
            String color = COLORS[c++ % COLORS.length];
            // A missing or thin period breaks the line: it is not zero coverage.
            StringBuilder points = new StringBuilder();
            for (ReportData.Point p : s.getValue()) {
              if (p.share() == null) {
                polyline(h, points, color);
                points.setLength(0);
                continue;
              }
              points.append(
                  fmt("%.1f,%.1f ", x(axis.indexOf(p.period()), axis.size()), y(p.share(), max)));
            }
            polyline(h, points, color);
            legend
                .append("<span style=\"color:")
                .append(color)
                .append("\">&#9632; ")
                .append(esc(s.getKey()))
                .append("</span>");
          }
          h.append("</svg>").append(legend).append("</div>\n");
        });
  }

  private static void polyline(StringBuilder h, StringBuilder points, String color) {
    if (points.length() > 0) {
      h.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(color)
          .append("\" points=\"")
          .append(points.toString().trim())
          .append("\"/>");
    }
  }

  private static void prevalenceSection(StringBuilder h, ReportData d) {
    h.append("<h2 id=\"prevalence\">Topic prevalence (mean topic weight by outlet)</h2>");
    LinkedHashSet<String> outlets = new LinkedHashSet<>();
    LinkedHashSet<String> topics = new LinkedHashSet<>();
    double max = 0;
    for (ReportData.Cell c : d.prevalence()) {
      outlets.add(c.outlet());
      topics.add(c.topic());
      max = Math.max(max, c.share());
    }
    if (outlets.isEmpty()) {
      h.append("<p>No topic model applied yet.</p>");
      return;
    }
    List<String> rows = new ArrayList<>(outlets);
    List<String> cols = new ArrayList<>(topics);
    int left = 140;
    int top = 150;
    int cell = Math.max(12, Math.min(40, (WIDTH - left) / cols.size()));
    int height = top + rows.size() * 22 + 10;
    h.append("<svg class=\"chart\" id=\"prevalence-heatmap\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    for (int j = 0; j < cols.size(); j++) {
      int cx = left + j * cell + cell / 2;
      h.append(
              fmt(
                  "<text font-size=\"10\" transform=\"translate(%d,%d) rotate(-60)\">",
                  cx, top - 4))
          .append(esc(cols.get(j)))
          .append("</text>");
    }
    for (int i = 0; i < rows.size(); i++) {
      h.append(fmt("<text font-size=\"11\" x=\"4\" y=\"%d\">", top + i * 22 + 15))
          .append(esc(rows.get(i)))
          .append("</text>");
    }
    for (ReportData.Cell c : d.prevalence()) {
      int i = rows.indexOf(c.outlet());
      int j = cols.indexOf(c.topic());
      double t = max == 0 ? 0 : c.share() / max;
      int shade = (int) Math.round(235 - 200 * t);
      h.append(
              fmt(
                  "<rect class=\"cell\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"20\" fill=\"rgb(%d,%d,255)\"><title>",
                  left + j * cell, top + i * 22, cell - 1, shade, shade))
          .append(esc(c.outlet() + ", " + c.topic() + ": " + fmt("%.3f", c.share())))
          .append("</title></rect>");
    }
    h.append("</svg>\n");
  }

  private static void syndicationSection(StringBuilder h, ReportData d) {
    h.append("<h2 id=\"syndication\">Syndication: stories republished nearly word for word</h2>");
    if (d.syndication().isEmpty()) {
      h.append("<p>No near-duplicate stories across outlets.</p>");
      return;
    }
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (ReportData.Pair p : d.syndication()) {
      labels.add(p.from() + " \u2192 " + p.to());
      values.add((double) p.copies());
    }
    bars(
        h,
        "syndication",
        "Copies by original outlet \u2192 republishing outlet",
        labels,
        values,
        "%.0f");
  }

  private static void bars(
      StringBuilder h,
      String id,
      String title,
      List<String> labels,
      List<Double> values,
      String format) {
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
    int left = 260;
    int height = 30 + labels.size() * 22;
    h.append("<svg class=\"chart\" id=\"")
        .append(esc(id))
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"4\" y=\"16\" font-size=\"13\">")
        .append(esc(title))
        .append("</text>");
    for (int i = 0; i < labels.size(); i++) {
      double w = max <= 0 ? 0 : (WIDTH - left - 80) * values.get(i) / max;
      int yy = 26 + i * 22;
      h.append(fmt("<text x=\"4\" y=\"%d\" font-size=\"11\">", yy + 14))
          .append(esc(labels.get(i)))
          .append("</text>")
          .append(
              fmt(
                  "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#4c78a8\"/>",
                  left, yy, Math.max(w, 1.0)))
          .append(
              fmt(
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">",
                  left + Math.max(w, 1.0) + 4, yy + 14))
          .append(fmt(format, values.get(i)))
          .append("</text>");
    }
    h.append("</svg>\n");
  }

  private static String svgOpen(String id) {
    return "<svg class=\"chart\" id=\""
        + esc(id)
        + "\" width=\""
        + WIDTH
        + "\" height=\""
        + HEIGHT
        + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  }

  private static void axes(StringBuilder h, List<String> axis, double max) {
    h.append(
            fmt(
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                PAD, HEIGHT - PAD, WIDTH - 10, HEIGHT - PAD))
        .append(
            fmt(
                "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                PAD, PAD, HEIGHT - PAD))
        .append(fmt("<text x=\"2\" y=\"16\" font-size=\"10\">%.2f</text>", max))
        .append(fmt("<text x=\"2\" y=\"%d\" font-size=\"10\">0</text>", HEIGHT - PAD));
    int step = Math.max(1, axis.size() / 8);
    for (int i = 0; i < axis.size(); i += step) {
      h.append(
              fmt(
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">",
                  x(i, axis.size()) - 20, HEIGHT - PAD + 16))
          .append(esc(axis.get(i)))
          .append("</text>");
    }
  }

  private static double x(int i, int n) {
    return PAD + (n <= 1 ? 0 : (WIDTH - PAD - 20.0) * i / (n - 1));
  }

  private static double y(double v, double max) {
    return (HEIGHT - PAD) - (max <= 0 ? 0 : (HEIGHT - PAD - 14.0) * v / max);
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
