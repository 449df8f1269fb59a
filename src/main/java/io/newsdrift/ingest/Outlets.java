package io.newsdrift.ingest;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides an article's outlet: the mapped field (through the alias table), else the URL's domain
 * (lower case, {@code www.} dropped, through the alias table), else a dateline such as {@code
 * MOSCOW (Reuters) -} in the first lines, else the configured default.
 */
public final class Outlets implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code PLACE (Agency) -}: an upper-case place, the agency in brackets, then a dash. */
  private static final Pattern DATELINE =
      Pattern.compile(
          "\\b[A-Z][A-Z/.,' -]{1,60}\\s*\\(([A-Z][A-Za-z&.' ]{1,30})\\)\\s*[-\u2013\u2014]");

  private static final int DATELINE_SEARCH_CHARS = 600;

  private final Map<String, String> aliases;
  private final String defaultOutlet;

  public Outlets(Map<String, String> aliases, String defaultOutlet) {
    Map<String, String> lower = new java.util.HashMap<>();
    aliases.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    this.aliases = Map.copyOf(lower);
    this.defaultOutlet = defaultOutlet;
  }

  /** The outlet, and whether it came from (or agrees with) a dateline in the text. */
  public record Resolved(String outlet, boolean namedInDateline) {}

  public Resolved resolve(String field, String url, String text) {
    Optional<String> dateline = dateline(text);
    String outlet;
    if (field != null && !field.isBlank()) {
      outlet = alias(field.strip());
    } else {
      outlet = domain(url).map(this::alias).orElse(null);
    }
    if (outlet == null) {
      outlet = dateline.map(this::alias).orElse(defaultOutlet);
    }
    String chosen = outlet;
    return new Resolved(chosen, dateline.map(d -> alias(d).equalsIgnoreCase(chosen)).orElse(false));
  }

  private String alias(String name) {
    return aliases.getOrDefault(name.toLowerCase(Locale.ROOT), name);
  }

  /** The URL's host, lower case, without {@code www.}; empty when there is no usable host. */
  public static Optional<String> domain(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String u = url.strip();
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    try {
      String host = new URI(u.replace(" ", "%20")).getHost();
      if (host == null || host.isBlank()) {
        return Optional.empty();
      }
      host = host.toLowerCase(Locale.ROOT);
      return Optional.of(host.startsWith("www.") ? host.substring(4) : host);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The agency named in a dateline within the first lines, if any. */
  public static Optional<String> dateline(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    String head = text.substring(0, Math.min(text.length(), DATELINE_SEARCH_CHARS));
    if (head.indexOf('(') < 0) {
      return Optional.empty(); // most text has no dateline; the pattern is slow to say so
    }
    Matcher m = DATELINE.matcher(head);
    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }
}
