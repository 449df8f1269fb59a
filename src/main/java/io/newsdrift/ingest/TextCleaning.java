package io.newsdrift.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes raw text safe to analyse: drops NUL and other control characters (keeping line breaks and
 * tabs), removes HTML markup when there is any (scripts and styles with their content), decodes the
 * common entities, and folds runs of blank space within lines.
 */
public final class TextCleaning {
  private static final Pattern MARKUP = Pattern.compile("<(?:[a-zA-Z!/][^>]{0,2000})>");
  private static final Pattern SCRIPT =
      Pattern.compile("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>");
  private static final Pattern BLOCK_TAG =
      Pattern.compile("(?i)</?(p|br|div|li|h[1-6]|tr|blockquote)\\b[^>]*>");
  private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]{1,6});");

  private TextCleaning() {}

  public static String clean(String raw) {
    if (raw == null) {
      return "";
    }
    String s = dropControlCharacters(raw);
    if (s.indexOf('<') >= 0 && MARKUP.matcher(s).find()) {
      s = SCRIPT.matcher(s).replaceAll(" ");
      s = BLOCK_TAG.matcher(s).replaceAll("\n");
      s = MARKUP.matcher(s).replaceAll(" ");
    }
    if (s.indexOf('&') >= 0) {
      s = decodeEntities(s);
    }
    return foldBlankSpace(s).strip();
  }

  /**
   * Tabs become spaces, a lone CR ends a line, CR before LF, NUL, other control characters and BOMs
   * go. Most text has nothing to drop, so it is returned as it is rather than copied char by char
   * (a tenth of ingest's parsing time went to that copy).
   */
  private static String dropControlCharacters(String raw) {
    int first = 0;
    while (first < raw.length() && keptAsItIs(raw.charAt(first))) {
      first++;
    }
    if (first == raw.length()) {
      return raw;
    }
    StringBuilder sb = new StringBuilder(raw.length());
    sb.append(raw, 0, first);
    for (int i = first; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (keptAsItIs(c)) {
        sb.append(c);
      } else if (c == '\t') {
        sb.append(' ');
      } else if (c == '\r' && (i + 1 == raw.length() || raw.charAt(i + 1) != '\n')) {
        sb.append('\n'); // a lone CR ends a line; CR LF is one line end
      }
    }
    return sb.toString();
  }

  private static boolean keptAsItIs(char c) {
    return c == '\n' || (c >= ' ' && c != '\u007F' && c != '\uFEFF');
  }

  /**
   * One pass instead of three regex replacements (a tenth of ingest's per-record time): a run of
   * spaces and no-break spaces becomes one space, spaces next to a line break go, and more than one
   * blank line becomes one.
   */
  static String foldBlankSpace(String s) {
    if (!needsFolding(s)) {
      return s; // the common case: single spaces between words, at most one blank line
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    int newlines = 0; // consecutive line breaks just written, spaces between them ignored
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\u00A0') {
        pendingSpace = true;
      } else if (c == '\n') {
        pendingSpace = false;
        if (newlines < 2) {
          out.append('\n');
        }
        newlines++;
      } else {
        if (pendingSpace && newlines == 0 && out.length() > 0) {
          out.append(' ');
        }
        pendingSpace = false;
        newlines = 0;
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Whether {@link #foldBlankSpace} would change the text: it keeps a space only alone between two
   * characters that are neither blank space nor line breaks, and at most two line breaks in a row.
   */
  private static boolean needsFolding(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\u00A0') {
        return true;
      }
      if (c == ' ') {
        if (i == 0 || i == n - 1) {
          return true;
        }
        char before = s.charAt(i - 1);
        char after = s.charAt(i + 1);
        if (before == '\n' || after == '\n' || after == ' ' || after == '\u00A0') {
          return true;
        }
      } else if (c == '\n' && i >= 2 && s.charAt(i - 1) == '\n' && s.charAt(i - 2) == '\n') {
        return true;
      }
    }
    return false;
  }

  private static String decodeEntities(String s) {
    String out =
        s.replace("&nbsp;", " ")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&mdash;", "\u2014")
            .replace("&ndash;", "\u2013")
            .replace("&rsquo;", "\u2019")
            .replace("&lsquo;", "\u2018")
            .replace("&rdquo;", "\u201D")
            .replace("&ldquo;", "\u201C");
    Matcher m = NUMERIC_ENTITY.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      int cp = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
      String replacement =
          Character.isValidCodePoint(cp) && cp >= ' ' ? new String(Character.toChars(cp)) : " ";
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString().replace("&amp;", "&");
  }
}
