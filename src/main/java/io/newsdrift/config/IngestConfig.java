package io.newsdrift.config;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** How raw records become articles; see {@link Keys} for the documentation of each value. */
public record IngestConfig(
    int excerptChars,
    int csvMaxQuotedLines,
    int minWords,
    int maxTextChars,
    LocalDate minDate,
    int maxFutureDays,
    String defaultOutlet,
    Map<String, String> outletAliases)
    implements Serializable {

  public IngestConfig {
    outletAliases = Map.copyOf(outletAliases);
  }

  public static IngestConfig from(Settings s) {
    LocalDate minDate;
    try {
      minDate = LocalDate.parse(s.get(Keys.INGEST_MIN_DATE));
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "config key 'ingest.min_date' must be a date YYYY-MM-DD (example: ingest.min_date: 1980-01-01)",
          e);
    }
    return new IngestConfig(
        s.get(Keys.INGEST_EXCERPT_CHARS),
        s.get(Keys.INGEST_CSV_MAX_QUOTED_LINES),
        s.get(Keys.INGEST_MIN_WORDS),
        s.get(Keys.INGEST_MAX_TEXT_CHARS),
        minDate,
        s.get(Keys.INGEST_MAX_FUTURE_DAYS),
        s.get(Keys.INGEST_DEFAULT_OUTLET),
        s.get(Keys.INGEST_OUTLET_ALIASES));
  }
}
