package io.newsdrift.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Raw dump formats {@code ingest} reads; each may be gzip or bzip2 compressed (by extension). */
public enum InputFormat {
  /** One JSON object a line. */
  JSONL,
  /** CSV with a header row; quoted fields may span lines. */
  CSV,
  /** Parquet files. */
  PARQUET,
  /** One article a file; an optional first line {@code " date YYYY-MM-DD "} gives the date. */
  TEXT;

  /** The name used on the command line and in config files. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InputFormat parse(String option, String value) {
    for (InputFormat f : values()) {
      if (f.cliName().equalsIgnoreCase(value.trim())
          || ("json".equalsIgnoreCase(value.trim()) && f == JSONL)) {
        return f;
      }
    }
    throw new ConfigException(
        option
            + " must be one of "
            + Arrays.stream(values()).map(InputFormat::cliName).collect(Collectors.joining("|"))
            + ", not '"
            + value
            + "' (example: "
            + option
            + " jsonl)");
  }
}
