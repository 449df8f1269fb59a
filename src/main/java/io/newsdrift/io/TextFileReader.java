package io.newsdrift.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text, one article a file. When the first line starts with {@code " date YYYY-MM-DD "} (the
 * format of {@code shared/data/seeds}) that date is the article's date and the rest of the line its
 * title; otherwise the first non-empty line is the title. The rest is the body; the file name
 * without extension is the id. Produces the fields {@code id}, {@code title}, {@code text} and
 * {@code date}.
 */
final class TextFileReader implements FormatReader {
  private static final long serialVersionUID = 1L;
  private static final Pattern DATE_LINE =
      Pattern.compile("^\\s*date\\s+(\\d{4}-\\d{2}-\\d{2})\\b\\s*(.*)$", Pattern.CASE_INSENSITIVE);
  private final int maxFileBytes;

  TextFileReader(int maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  @Override
  public Iterator<RawRecord> open(String uri, InputStream in, List<String> fields, int excerptChars)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    int n;
    boolean oversized = false;
    while ((n = in.read(buf)) > 0) {
      if (bytes.size() + n > maxFileBytes) {
        oversized = true;
        break;
      }
      bytes.write(buf, 0, n);
    }
    byte[] raw = bytes.toByteArray();
    String excerpt = RawRecord.excerpt(raw, raw.length, excerptChars);
    if (oversized) {
      return one(
          RawRecord.bad(
              uri, 0, excerpt, "record_too_large", "file larger than " + maxFileBytes + " bytes"));
    }
    String text = Utf8.decodeOrNull(raw, 0, raw.length);
    if (text == null) {
      return one(RawRecord.bad(uri, 0, excerpt, "invalid_utf8", "file is not valid UTF-8"));
    }
    return one(RawRecord.ok(uri, 0, parse(uri, text), excerpt));
  }

  static Map<String, String> parse(String uri, String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    fields.put("id", name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
    String body = text.strip();
    int eol = body.indexOf('\n');
    String first = (eol < 0 ? body : body.substring(0, eol)).strip();
    String rest = eol < 0 ? "" : body.substring(eol + 1).strip();
    Matcher m = DATE_LINE.matcher(first);
    if (m.matches()) {
      fields.put("date", m.group(1));
      first = m.group(2).strip();
    }
    fields.put("title", first);
    fields.put("text", rest);
    return fields;
  }

  private static Iterator<RawRecord> one(RawRecord r) {
    return List.of(r).iterator();
  }
}
