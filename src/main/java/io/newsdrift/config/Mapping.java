package io.newsdrift.config;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which source field holds each part of an article. A JSON-lines or CSV source whose fields are
 * named {@code id}, {@code outlet}, {@code url}, {@code title}, {@code text} (or {@code body}) and
 * {@code date} needs no mapping. {@code body} may list several fields: the first non-empty one
 * wins. {@code dateFormats} are {@link java.time.format.DateTimeFormatter} patterns tried after the
 * built-in ones (ISO 8601, RFC 1123, unix seconds and milliseconds, {@code MMMM d, yyyy h:mm a}).
 *
 * <p>Fields can also come from each file's path: {@code pathPattern} such as {@code
 * {outlet}/{yyyy}-{MM}-{dd}/*.txt} (matched against the end of the path; {@code *} is any part of a
 * name) or {@code pathRegex}, a regular expression with named groups searched in the path. Each
 * group becomes a source field of that name, and {@code yyyy}, {@code MM}, {@code dd} together the
 * field {@code date}; a field the record itself holds (not blank) wins over the path. This holds
 * for every format, Parquet included.
 */
public record Mapping(
    String id,
    String outlet,
    String url,
    String title,
    List<String> body,
    String date,
    List<String> dateFormats,
    String pathPattern,
    String pathRegex)
    implements Serializable {

  /** Mapping keys as written in YAML or in {@code --map key=field}. */
  public static final Set<String> KEYS =
      Set.of(
          "id",
          "outlet",
          "url",
          "title",
          "body",
          "date",
          "date_formats",
          "path_pattern",
          "path_regex");

  public Mapping {
    body = List.copyOf(body);
    dateFormats = List.copyOf(dateFormats);
    if (pathPattern != null && pathRegex != null) {
      throw new ConfigException(
          "a mapping takes path_pattern or path_regex, not both (example: path_pattern:"
              + " '{outlet}/{yyyy}-{MM}-{dd}/*.txt')");
    }
  }

  public static Mapping defaults() {
    return new Mapping(
        "id", "outlet", "url", "title", List.of("text", "body"), "date", List.of(), null, null);
  }

  /**
   * A mapping from a YAML map or {@code --map} pairs; keys not given keep their defaults.
   *
   * @param where names the file or option, for error messages
   */
  public static Mapping fromMap(Map<String, ?> raw, String where) {
    Map<String, Object> m = new LinkedHashMap<>(raw);
    for (String key : m.keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException(
            "unknown mapping key '"
                + key
                + "' in "
                + where
                + "; mapping keys are "
                + List.copyOf(new java.util.TreeSet<>(KEYS))
                + " (example: outlet: publisher)");
      }
    }
    Mapping d = defaults();
    return new Mapping(
        field(m, "id", d.id()),
        field(m, "outlet", d.outlet()),
        field(m, "url", d.url()),
        field(m, "title", d.title()),
        m.containsKey("body") ? Parsers.stringList(m.get("body")) : d.body(),
        field(m, "date", d.date()),
        m.containsKey("date_formats") ? Parsers.stringList(m.get("date_formats")) : d.dateFormats(),
        pathOption(m, "path_pattern", where),
        pathOption(m, "path_regex", where));
  }

  private static String pathOption(Map<String, Object> m, String key, String where) {
    Object v = m.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      return null;
    }
    String s = String.valueOf(v).trim();
    try {
      PathFieldPattern.compile(
          key.equals("path_pattern") ? s : null, key.equals("path_regex") ? s : null);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "invalid mapping key '"
              + key
              + "' in "
              + where
              + ": "
              + e.getMessage()
              + " (example: path_pattern: '{outlet}/{yyyy}-{MM}-{dd}/*.txt' or path_regex:"
              + " '(?<outlet>[a-z]+)_(?<yyyy>\\d{4})(?<MM>\\d{2})(?<dd>\\d{2})')");
    }
    return s;
  }

  private static String field(Map<String, Object> m, String key, String fallback) {
    Object v = m.get(key);
    return v == null || String.valueOf(v).isBlank() ? fallback : String.valueOf(v).trim();
  }

  /** Every source field this mapping reads. */
  public List<String> sourceFields() {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    out.add(id);
    out.add(outlet);
    out.add(url);
    out.add(title);
    out.addAll(body);
    out.add(date);
    return List.copyOf(out);
  }
}
