package io.newsdrift.config;

import java.util.function.Function;

/**
 * One configuration key: its dotted name, its default, its documentation and how a raw value (from
 * YAML or {@code --set key=value}) becomes a typed one. Keys live together in {@link Keys}, which
 * docs/configuration.md's key table is checked against.
 *
 * @param <T> the typed value
 */
public record ConfigKey<T>(
    String name, T defaultValue, String doc, String example, Function<Object, T> parser) {

  /** Parses a raw value, naming this key and a valid example when the value does not fit. */
  public T parse(Object raw) {
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      throw new ConfigException(
          "config key '"
              + name
              + "' has an invalid value '"
              + raw
              + "': "
              + e.getMessage()
              + " (example: "
              + name
              + ": "
              + example
              + ")",
          e);
    }
  }

  /** The default as it is written in docs/configuration.md's key table. */
  public String defaultText() {
    return defaultValue == null ? "(none)" : String.valueOf(defaultValue);
  }
}
