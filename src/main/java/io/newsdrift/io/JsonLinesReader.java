package io.newsdrift.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines: one JSON object a line; blank lines are skipped. Positions are 1-based line numbers.
 * Field names may be dotted paths into nested objects ({@code meta.source}); a non-string value is
 * kept as its JSON text.
 */
final class JsonLinesReader implements FormatReader {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int maxLineBytes;

  JsonLinesReader(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Iterator<RawRecord> open(
      String uri, InputStream in, List<String> fields, int excerptChars) {
    LineReader lines = new LineReader(in, maxLineBytes);
    return new Lookahead<>() {
      @Override
      protected RawRecord advance() {
        try {
          while (lines.next()) {
            RawRecord r = parse(uri, lines, fields, excerptChars);
            if (r != null) {
              return r;
            }
          }
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** The record of the current line, or null for a blank line. */
  private RawRecord parse(String uri, LineReader lines, List<String> fields, int excerptChars) {
    long pos = lines.lineNumber();
    String excerpt = RawRecord.excerpt(lines.bytes(), lines.length(), excerptChars);
    if (lines.oversized()) {
      return RawRecord.bad(
          uri, pos, excerpt, "record_too_large", "line longer than " + maxLineBytes + " bytes");
    }
    String text = Utf8.decodeOrNull(lines.bytes(), 0, lines.length());
    if (text == null) {
      return RawRecord.bad(uri, pos, excerpt, "invalid_utf8", "line is not valid UTF-8");
    }
    if (text.isBlank()) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return RawRecord.bad(
          uri, pos, excerpt, "bad_json", "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return RawRecord.bad(uri, pos, excerpt, "bad_json", "a line must hold one JSON object");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : fields) {
      JsonNode v = node;
      for (String part : field.split("\\.")) {
        v = v == null ? null : v.get(part);
      }
      if (v != null && !v.isNull()) {
        values.put(field, v.isValueNode() ? v.asText() : v.toString());
      }
    }
    return RawRecord.ok(uri, pos, values, excerpt);
  }
}
