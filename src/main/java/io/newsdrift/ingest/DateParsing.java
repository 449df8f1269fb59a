package io.newsdrift.ingest;

import java.io.Serializable;
import java.text.ParsePosition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses publication dates from the forms news dumps use, always to a UTC instant: unix seconds (up
 * to 11 digits) and milliseconds (12 to 14 digits); ISO 8601 with or without offset, time or {@code
 * T}; RFC 1123 ({@code Tue, 3 Jun 2008 11:05:30 GMT}); {@code November 16, 2021 12:51 AM} and
 * {@code Nov 16, 2021}; then the mapping's own patterns. A value without an offset is taken as UTC.
 * Never throws: an unparseable value is an empty result.
 */
public final class DateParsing implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final List<DateTimeFormatter> BUILT_IN =
      List.of(
          DateTimeFormatter.ISO_OFFSET_DATE_TIME,
          DateTimeFormatter.ISO_LOCAL_DATE_TIME,
          pattern("yyyy-MM-dd HH:mm[:ss][.SSS][XXX][X]"),
          DateTimeFormatter.RFC_1123_DATE_TIME,
          DateTimeFormatter.ISO_LOCAL_DATE,
          pattern("MMMM d, yyyy h:mm a"),
          pattern("MMMM d, yyyy"),
          pattern("MMM d, yyyy h:mm a"),
          pattern("MMM d, yyyy"),
          pattern("d MMMM yyyy"),
          pattern("yyyy/MM/dd"),
          pattern("yyyyMMdd"));

  private final List<String> extraPatterns;
  private transient List<DateTimeFormatter> formatters;

  public DateParsing(List<String> extraPatterns) {
    this.extraPatterns = List.copyOf(extraPatterns);
    formatters(); // validate the patterns now, on the driver
  }

  private static DateTimeFormatter pattern(String p) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(p)
        .toFormatter(Locale.ENGLISH);
  }

  private List<DateTimeFormatter> formatters() {
    if (formatters == null) {
      List<DateTimeFormatter> all = new ArrayList<>(BUILT_IN);
      for (String p : extraPatterns) {
        try {
          all.add(pattern(p));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "mapping date_formats: '" + p + "' is not a DateTimeFormatter pattern", e);
        }
      }
      formatters = all;
    }
    return formatters;
  }

  public Optional<Instant> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip();
    if (s.isEmpty() || s.length() > 64) {
      return Optional.empty();
    }
    if (isDigits(s)) {
      return unix(s);
    }
    for (DateTimeFormatter f : formatters()) {
      // A form that does not match is found without an exception (building one per form and
      // record was 7% of ingest's parsing CPU); only a match is resolved, which may still fail.
      ParsePosition at = new ParsePosition(0);
      if (f.parseUnresolved(s, at) == null || at.getIndex() != s.length()) {
        continue;
      }
      try {
        return Optional.of(toInstant(f.parse(s)));
      } catch (java.time.DateTimeException e) {
        // matched the form but is no date (February 30): try the next form
      }
    }
    return Optional.empty();
  }

  private static Optional<Instant> unix(String s) {
    if (s.length() > 14) {
      return Optional.empty();
    }
    long v = Long.parseLong(s);
    return Optional.of(s.length() <= 11 ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v));
  }

  private static Instant toInstant(TemporalAccessor t) {
    if (t.isSupported(ChronoField.OFFSET_SECONDS) && t.isSupported(ChronoField.HOUR_OF_DAY)) {
      return OffsetDateTime.from(t).toInstant();
    }
    if (t.query(java.time.temporal.TemporalQueries.zone()) != null
        && t.isSupported(ChronoField.HOUR_OF_DAY)) {
      return ZonedDateTime.from(t).toInstant();
    }
    if (t.isSupported(ChronoField.HOUR_OF_DAY)) {
      return LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
    }
    return LocalDate.from(t).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
