package io.newsdrift.io;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV with a header row; quoted fields may span lines and quotes are escaped by doubling. Positions
 * are 1-based record numbers (not counting the header). A row with more or fewer values than the
 * header is rejected; a parse error the parser cannot recover from ends the file with one reject
 * that says from which record on nothing could be read.
 */
final class CsvRecordReader implements FormatReader {
  private static final long serialVersionUID = 1L;
  private final int maxFieldChars;

  CsvRecordReader(int maxFieldChars) {
    this.maxFieldChars = maxFieldChars;
  }

  @Override
  public Iterator<RawRecord> open(
      String uri, InputStream in, List<String> fields, int excerptChars) {
    CsvParserSettings settings = new CsvParserSettings();
    settings.setHeaderExtractionEnabled(false);
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setMaxCharsPerColumn(maxFieldChars);
    settings.setMaxColumns(10_000);
    settings.setNullValue(null);
    settings.setEmptyValue("");
    settings.setSkipEmptyLines(true);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    CsvParser parser = new CsvParser(settings);
    // Lenient decoding here: a CSV cannot be re-synchronised after a bad byte, so invalid bytes
    // become U+FFFD and the record is flagged by the canonicaliser rather than the file lost.
    InputStreamReader reader =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    parser.beginParsing(reader);
    return new Lookahead<>() {
      private String[] header;
      private Map<String, Integer> index;
      private long record;
      private boolean done;

      @Override
      protected RawRecord advance() {
        if (done) {
          return null;
        }
        try {
          if (header == null) {
            header = parser.parseNext();
            if (header == null) {
              done = true;
              return null;
            }
            index = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
              String h = header[i] == null ? "" : header[i].replace("\uFEFF", "").trim();
              index.putIfAbsent(h, i);
            }
          }
          String[] row = parser.parseNext();
          if (row == null) {
            done = true;
            parser.stopParsing();
            return null;
          }
          record++;
          return toRecord(row);
        } catch (TextParsingException e) {
          done = true;
          parser.stopParsing();
          return RawRecord.bad(
              uri,
              record + 1,
              RawRecord.excerpt(e.getParsedContent(), excerptChars),
              "csv_parse_error",
              "CSV cannot be parsed from record "
                  + (record + 1)
                  + " (line "
                  + e.getLineIndex()
                  + ") on; the rest of the file is this one reject: "
                  + firstLine(e.getMessage()));
        }
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

  private static String[] nonNull(String[] row) {
    String[] out = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = row[i] == null ? "" : row[i];
    }
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int eol = s.indexOf('\n');
    return eol < 0 ? s : s.substring(0, eol);
  }
}
