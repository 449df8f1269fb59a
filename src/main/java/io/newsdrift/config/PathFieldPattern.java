package io.newsdrift.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Fields taken from a file's path: a pattern such as {@code {outlet}/{yyyy}-{MM}-{dd}/*.txt} or a
 * regular expression with named groups. See {@link Mapping}.
 */
public final class PathFieldPattern implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}");
  private static final Pattern GROUP = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");
  private static final String COMPRESSED = "(?:\\.(?:gz|bz2|zst|deflate|lz4|snappy))?";

  private final Pattern regex;
  private final List<String> groups;

  private PathFieldPattern(Pattern regex, List<String> groups) {
    this.regex = regex;
    this.groups = groups;
  }

  /**
   * @return null when neither is given
   * @throws IllegalArgumentException when the pattern or regex is invalid or names no field
   */
  public static PathFieldPattern compile(String pathPattern, String pathRegex) {
    if (pathPattern == null && pathRegex == null) {
      return null;
    }
    String source = pathRegex != null ? pathRegex : toRegex(pathPattern);
    Pattern p;
    try {
      p = Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid regular expression: " + e.getDescription(), e);
    }
    List<String> groups = new ArrayList<>();
    Matcher m = GROUP.matcher(source);
    while (m.find()) {
      groups.add(m.group(1));
    }
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("'" + source + "' names no field");
    }
    return new PathFieldPattern(p, List.copyOf(groups));
  }

  /** {@code {yyyy}}, {@code {MM}}, {@code {dd}} match digits, other {@code {name}}s a name part. */
  static String toRegex(String pattern) {
    StringBuilder out = new StringBuilder("(?:^|/)");
    Matcher m = PLACEHOLDER.matcher(pattern);
    int at = 0;
    while (m.find()) {
      out.append(literal(pattern.substring(at, m.start())));
      String name = m.group(1);
      String body =
          switch (name) {
            case "yyyy" -> "\\d{4}";
            case "MM", "dd" -> "\\d{1,2}";
            default -> "[^/]+?";
          };
      out.append("(?<").append(name).append('>').append(body).append(')');
      at = m.end();
    }
    return out.append(literal(pattern.substring(at))).append(COMPRESSED).append('$').toString();
  }

  private static String literal(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }

  private static boolean digits(String s) {
    return s != null && s.matches("\\d{1,4}");
  }

  /**
   * The record's fields with those of its file's path added where a field in {@code wanted} is
   * missing or blank: a field the record holds wins over the path. Returns {@code record} itself
   * when the path adds nothing.
   */
  public static Map<String, String> fillBlanks(
      Map<String, String> record, Map<String, String> fromPath, List<String> wanted) {
    Map<String, String> merged = null;
    for (String f : wanted) {
      String v = record.get(f);
      if ((v == null || v.isBlank()) && fromPath.containsKey(f)) {
        if (merged == null) {
          merged = new LinkedHashMap<>(record);
        }
        merged.put(f, fromPath.get(f));
      }
    }
    return merged == null ? record : merged;
  }

  /** The fields of one path; empty when the path does not match. */
  public Map<String, String> fields(String path) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = regex.matcher(path);
    if (!m.find()) {
      return out;
    }
    for (String g : groups) {
      String v = m.group(g);
      if (v != null && !v.isEmpty()) {
        out.put(g, v);
      }
    }
    if (digits(out.get("yyyy")) && digits(out.get("MM")) && digits(out.get("dd"))) {
      out.put(
          "date",
          String.format(
              "%s-%02d-%02d",
              out.get("yyyy"), Integer.parseInt(out.get("MM")), Integer.parseInt(out.get("dd"))));
    }
    return out;
  }
}
