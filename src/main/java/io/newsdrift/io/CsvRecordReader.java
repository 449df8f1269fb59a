package io.newsdrift.io;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV with a header row; quoted fields may span lines and quotes are escaped by doubling. Positions
 * are 1-based record numbers (not counting the header). A row with more or fewer values than the
 * header is rejected.
 *
 * <p>Records are cut from the text line by line before they are parsed, so that a bad one costs
 * itself only: a quoted value opens at the start of a field and closes at a quote that is not
 * doubled. A quote that is never closed would otherwise run on to the end of the file (or to the
 * next quoted field) and swallow the records in between. A quoted value may span at most {@code
 * maxQuotedLines} lines and a record at most {@code maxRecordChars} characters; a record that goes
 * beyond either, reaches the end of the file inside quotes, or meets on a later line a quote that
 * can only open another field, is rejected ({@code csv_parse_error}, naming the line of the opening
 * quote) and reading resumes at the line after that quote. Lines are held in memory only while a
 * quoted value is open.
 */
final class CsvRecordReader implements FormatReader {
  private static final long serialVersionUID = 1L;
  private final int maxRecordChars;
  private final int maxQuotedLines;

  CsvRecordReader(int maxRecordChars, int maxQuotedLines) {
    this.maxRecordChars = maxRecordChars;
    this.maxQuotedLines = maxQuotedLines;
  }

  @Override
  public Iterator<RawRecord> open(
      String uri, InputStream in, List<String> fields, int excerptChars) {
    // Lenient decoding here: invalid bytes become U+FFFD and the record is flagged by the
    // canonicaliser rather than the file lost.
    Lines lines =
        new Lines(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)),
            maxRecordChars);
    return new Lookahead<>() {
      private CsvParser parser = newParser();
      private final Deque<String[]> parsed = new ArrayDeque<>();
      private String[] header;
      private Map<String, Integer> index;
      private long record;

      @Override
      protected RawRecord advance() {
        while (parsed.isEmpty()) {
          Chunk chunk = nextChunk();
          if (chunk == null) {
            return null;
          }
          if (chunk.reason() != null) {
            record++;
            return RawRecord.bad(
                uri,
                record,
                RawRecord.excerpt(chunk.text(), excerptChars),
                chunk.reason(),
                chunk.message());
          }
          try {
            parsed.addAll(parser.parseAll(new StringReader(chunk.text())));
          } catch (TextParsingException e) {
            parser = newParser();
            record++;
            return RawRecord.bad(
                uri,
                record,
                RawRecord.excerpt(chunk.text(), excerptChars),
                "csv_parse_error",
                "record from line " + chunk.firstLine() + " cannot be parsed: " + firstLine(e));
          }
          if (header == null && !parsed.isEmpty()) {
            header = parsed.poll();
            index = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
              String h = header[i] == null ? "" : header[i].replace("\uFEFF", "").trim();
              index.putIfAbsent(h, i);
            }
          }
        }
        record++;
        return toRecord(parsed.poll());
      }

      /**
       * The text of the next record: its first non-empty line and, while a quoted value is open,
       * the lines after it; or a reject when the quote is not closed in time. Null at the end.
       */
      private Chunk nextChunk() {
        Line first = lines.next();
        while (first != null && first.text().isEmpty()) {
          first = lines.next();
        }
        if (first == null) {
          return null;
        }
        if (first.oversized()) {
          return Chunk.bad(
              first.text(),
              "record_too_large",
              "line " + first.number() + " is longer than " + maxRecordChars + " characters");
        }
        Quotes quotes = new Quotes();
        quotes.scan(first);
        if (!quotes.open()) {
          return Chunk.ok(first.text(), first.number());
        }
        List<Line> held = new ArrayList<>();
        held.add(first);
        StringBuilder text = new StringBuilder(first.text());
        while (quotes.open()) {
          Line last = held.get(held.size() - 1);
          String limit =
              quotes.strayOpening()
                  ? "before line " + last.number() + ", where a quote opens another field"
                  : last.number() - quotes.openedOn() + 1 >= maxQuotedLines
                      ? "within " + maxQuotedLines + " lines"
                      : text.length() > maxRecordChars
                          ? "within " + maxRecordChars + " characters"
                          : null;
          Line next = limit == null ? lines.next() : null;
          if (next == null || next.oversized()) {
            if (next != null) {
              held.add(next); // read again after the opening line, like the rest
            }
            return runaway(
                held, text, quotes.openedOn(), limit == null ? "by the end of the file" : limit);
          }
          held.add(next);
          text.append('\n').append(next.text());
          quotes.scan(next);
        }
        return Chunk.ok(text.toString(), first.number());
      }

      /**
       * The record whose quoted value opened on line {@code openedOn} and never closed: rejected,
       * and the lines after that one go back to be read as records of their own.
       */
      private Chunk runaway(List<Line> held, CharSequence text, long openedOn, String limit) {
        List<Line> again = new ArrayList<>();
        for (Line l : held) {
          if (l.number() > openedOn) {
            again.add(l);
          }
        }
        lines.pushBack(again);
        return Chunk.bad(
            text.subSequence(0, Math.min(text.length(), excerptChars)).toString(),
            "csv_parse_error",
            "quoted value opened on line "
                + openedOn
                + " is not closed "
                + limit
                + "; the record is rejected and reading resumes at line "
                + (openedOn + 1));
      }

      private RawRecord toRecord(String[] row) {
        String excerpt =
            RawRecord.excerpt(String.join(",", Arrays.asList(nonNull(row))), excerptChars);
        if (row.length != header.length) {
          return RawRecord.bad(
              uri,
              record,
              excerpt,
              "column_count_mismatch",
              "row has " + row.length + " values, the header " + header.length);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
          Integer i = index.get(field);
          if (i != null && row[i] != null) {
            values.put(field, row[i]);
          }
        }
        return RawRecord.ok(uri, record, values, excerpt);
      }
    };
  }

  /** Parses the text of one record (or, where the quote rules disagree, a few) at a time. */
  private CsvParser newParser() {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(false);
    settings.setLineSeparatorDetectionEnabled(false);
    settings.getFormat().setLineSeparator("\n");
    settings.setReadInputOnSeparateThread(false);
    // Each record is parsed on its own, and every start fills the input buffer: the default of 1M
    // chars made reading ReCOVery three times slower.
    settings.setInputBufferSize(4096);
    settings.setMaxCharsPerColumn(maxRecordChars + 1);
    settings.setMaxColumns(10_000);
    settings.setNullValue(null);
    settings.setEmptyValue("");
    settings.setSkipEmptyLines(true);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    return new CsvParser(settings);
  }

  /** The text of one record, or why it is rejected. */
  private record Chunk(String text, long firstLine, String reason, String message) {
    static Chunk ok(String text, long firstLine) {
      return new Chunk(text, firstLine, null, null);
    }

    static Chunk bad(String text, String reason, String message) {
      return new Chunk(text, 0, reason, message);
    }
  }

  /** One line without its terminator, its 1-based number, and whether it was cut at the limit. */
  private record Line(String text, long number, boolean oversized) {}

  /**
   * Whether a quoted value is open at the end of the lines scanned so far. A quote opens a value at
   * the start of a field; inside, a doubled quote is a quote and any other quote closes it. That
   * closes values at least as early as the parser does, so a disagreement can only split the text
   * into records for the parser to judge, never hide records inside one.
   *
   * <p>A quote right after a comma on a later line than the opening one, and followed by neither a
   * quote, a comma nor the line's end, cannot close the value (valid CSV doubles it): it opens a
   * field of a later record, so the value was never closed ({@link #strayOpening}).
   */
  private static final class Quotes {
    private boolean inQuotes;
    private boolean fieldStart = true;
    private long openedOn;
    private boolean strayOpening;

    void scan(Line line) {
      String s = line.text();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (inQuotes) {
          if (c == '"') {
            char after = i + 1 < s.length() ? s.charAt(i + 1) : ',';
            if (after == '"') {
              i++;
            } else {
              strayOpening |=
                  line.number() > openedOn && i > 0 && s.charAt(i - 1) == ',' && after != ',';
              inQuotes = false;
            }
          }
        } else if (c == ',') {
          fieldStart = true;
        } else {
          if (c == '"' && fieldStart) {
            inQuotes = true;
            openedOn = line.number();
          }
          fieldStart = false;
        }
      }
    }

    boolean open() {
      return inQuotes || strayOpening;
    }

    boolean strayOpening() {
      return strayOpening;
    }

    long openedOn() {
      return openedOn;
    }
  }

  /**
   * Lines of a reader, ended by {@code \n}, {@code \r\n} or {@code \r}; a line longer than the
   * limit keeps its head and skips the rest. Lines pushed back are read again first.
   */
  private static final class Lines {
    private final Reader in;
    private final int maxChars;
    private final Deque<Line> again = new ArrayDeque<>();
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int pos;
    private long number;
    private boolean pendingLf; // a \r ended the last line; a \n right after it belongs to it

    Lines(Reader in, int maxChars) {
      this.in = in;
      this.maxChars = maxChars;
    }

    void pushBack(List<Line> lines) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        again.addFirst(lines.get(i));
      }
    }

    /** The next line, or null at the end of the input. */
    Line next() {
      if (!again.isEmpty()) {
        return again.poll();
      }
      StringBuilder line = null;
      boolean oversized = false;
      while (true) {
        if (pos == length && !fill()) {
          return line == null ? null : new Line(line.toString(), ++number, oversized);
        }
        if (pendingLf) {
          pendingLf = false;
          if (buffer[pos] == '\n') {
            pos++;
            continue;
          }
        }
        int start = pos;
        while (pos < length && buffer[pos] != '\n' && buffer[pos] != '\r') {
          pos++;
        }
        if (line == null) {
          line = new StringBuilder(Math.min(pos - start + 16, maxChars));
        }
        int room = maxChars - line.length();
        oversized |= pos - start > room;
        line.append(buffer, start, Math.min(pos - start, room));
        if (pos < length) {
          pendingLf = buffer[pos++] == '\r';
          return new Line(line.toString(), ++number, oversized);
        }
      }
    }

    private boolean fill() {
      try {
        length = in.read(buffer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pos = 0;
      if (length <= 0) {
        length = 0;
        return false;
      }
      return true;
    }
  }

  private static String[] nonNull(String[] row) {
    String[] out = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = row[i] == null ? "" : row[i];
    }
    return out;
  }

  private static String firstLine(Exception e) {
    String s = e.getMessage();
    if (s == null) {
      return e.getClass().getSimpleName();
    }
    int eol = s.indexOf('\n');
    return eol < 0 ? s : s.substring(0, eol);
  }
}
