package io.newsdrift.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns raw config values (YAML scalars, lists, maps, or command-line strings) into typed ones. */
final class Parsers {
  private Parsers() {}

  static Function<Object, Integer> intBetween(int min, int max) {
    return raw -> {
      int value;
      if (raw instanceof Number n) {
        value = n.intValue();
      } else {
        try {
          value = Integer.parseInt(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a whole number", e);
        }
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return value;
    };
  }

  static Function<Object, Double> doubleBetween(double min, double max) {
    return raw -> {
      double value;
      if (raw instanceof Number n) {
        value = n.doubleValue();
      } else {
        try {
          value = Double.parseDouble(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a number", e);
        }
      }
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return value;
    };
  }

  static Function<Object, Long> anyLong() {
    return raw -> {
      if (raw instanceof Number n) {
        return n.longValue();
      }
      try {
        return Long.parseLong(String.valueOf(raw).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number", e);
      }
    };
  }

  static Function<Object, Boolean> bool() {
    return raw -> {
      if (raw instanceof Boolean b) {
        return b;
      }
      String s = String.valueOf(raw).trim().toLowerCase(java.util.Locale.ROOT);
      return switch (s) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("not true or false");
      };
    };
  }

  static Function<Object, String> nonEmptyString() {
    return raw -> {
      String s = String.valueOf(raw).trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return s;
    };
  }

  /** A YAML list, or a comma-separated string from the command line. */
  static List<String> stringList(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(o).trim());
      }
    } else if (raw != null && !String.valueOf(raw).isBlank()) {
      Arrays.stream(String.valueOf(raw).split(",")).map(String::trim).forEach(out::add);
    }
    out.removeIf(String::isEmpty);
    return List.copyOf(out);
  }

  static Function<Object, List<String>> stringListOf(List<String> allowed) {
    return raw -> {
      List<String> values = stringList(raw);
      for (String v : values) {
        if (!allowed.contains(v)) {
          throw new IllegalArgumentException("'" + v + "' is not one of " + allowed);
        }
      }
      if (values.isEmpty()) {
        throw new IllegalArgumentException("must name at least one of " + allowed);
      }
      return values;
    };
  }

  /** A YAML map of string to string. */
  static Map<String, String> stringMap(Object raw) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("must be a map of names to values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k).trim(), String.valueOf(v).trim()));
    return Map.copyOf(out);
  }

  /** A YAML map of names to lists of strings (themes and their lexicon entries). */
  static Map<String, List<String>> listMap(Object raw) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("must be a map of names to lists");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          List<String> entries = stringList(v);
          if (entries.isEmpty()) {
            throw new IllegalArgumentException("'" + k + "' has no entries");
          }
          out.put(String.valueOf(k).trim(), entries);
        });
    return out;
  }
}
