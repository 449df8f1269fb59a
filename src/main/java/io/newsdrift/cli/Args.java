package io.newsdrift.cli;

import io.newsdrift.config.ConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: the command words, then {@code --option value} (or {@code --option=value})
 * pairs. Options that may repeat keep every value; flags take no value.
 */
final class Args {
  private static final DateTimeFormatter STRICT_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  private final List<String> words = new ArrayList<>();
  private final Map<String, List<String>> options = new LinkedHashMap<>();

  /**
   * @param allowed option names (without {@code --}) that take a value
   * @param flags option names that take none
   */
  static Args parse(String[] argv, Set<String> allowed, Set<String> flags) {
    Args args = new Args();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        args.words.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("option --" + name + " takes no value");
        }
        args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
        continue;
      }
      if (!allowed.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
      if (value == null) {
        if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = argv[++i];
      }
      args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return args;
  }

  List<String> words() {
    return words;
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  String get(String name, String fallback) {
    List<String> v = options.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.size() > 1) {
      throw new UsageException(
          "option --" + name + " is given " + v.size() + " times; give it once");
    }
    return v.get(0);
  }

  List<String> all(String name) {
    return options.getOrDefault(name, List.of());
  }

  /** Repeated {@code key=value} options as a map, naming the option when one lacks {@code =}. */
  Map<String, String> pairs(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : all(name)) {
      for (String part : name.equals("map") ? v.split(",") : new String[] {v}) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new UsageException("option --" + name + " takes key=value, not '" + part + "'");
        }
        out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return out;
  }

  /**
   * A strict {@code YYYY-MM-DD} date, {@code today} or {@code yesterday} (UTC), or null when the
   * option is absent.
   */
  LocalDate date(String name) {
    String v = get(name, null);
    if (v == null) {
      return null;
    }
    // For schedulers that cannot compute a date (a Kubernetes SparkApplication): UTC days.
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    if (v.equals("today")) {
      return today;
    }
    if (v.equals("yesterday")) {
      return today.minusDays(1);
    }
    try {
      return LocalDate.parse(v, STRICT_DATE);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "option --"
              + name
              + " must be a date YYYY-MM-DD, not '"
              + v
              + "' (or today, yesterday; example: --"
              + name
              + " 2024-05-16)");
    }
  }

  int intValue(String name, int fallback, int min) {
    String v = get(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "option --" + name + " must be a whole number >= " + min + ", not '" + v + "'");
    }
  }
}
