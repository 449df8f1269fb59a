package io.newsdrift.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The language-blind word split that ingest (word counts, content hashes, duplicate shingles) and
 * theme matching use: maximal runs of letters and digits joined across an inner apostrophe, hyphen
 * or period, lower-cased, without possessive {@code 's}.
 *
 * <p>Kept apart from {@link Analyzer}'s terms so that changing how terms are analysed never changes
 * article ids or duplicates.
 */
public final class Words {
  private Words() {}

  /** Every word of the text, in order, lower-cased (see the class comment). */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    int n = text.length();
    int i = 0;
    StringBuilder word = new StringBuilder();
    while (i < n) {
      int cp = text.codePointAt(i);
      if (!isWordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int asciiEnd = asciiWordEnd(text, i);
      if (asciiEnd == n || endsWord(text.charAt(asciiEnd))) {
        out.add(lowerCaseAscii(text, i, asciiEnd));
        i = asciiEnd;
        continue;
      }
      word.setLength(0);
      while (i < n) {
        cp = text.codePointAt(i);
        if (isWordChar(cp)) {
          word.appendCodePoint(Character.toLowerCase(cp));
          i += Character.charCount(cp);
        } else if (isJoiner(cp) && i + 1 < n && isWordChar(text.codePointAt(i + 1))) {
          word.append(cp == '\u2019' ? '\'' : (char) cp);
          i += 1;
        } else {
          break;
        }
      }
      int len = word.length();
      if (len > 2 && word.charAt(len - 2) == '\'' && word.charAt(len - 1) == 's') {
        word.setLength(len - 2);
      }
      out.add(word.toString());
    }
    return out;
  }

  /** The number of words, without building them. */
  public static int count(String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean wordChar = isWordChar(cp);
      if (wordChar && !inWord) {
        count++;
      }
      inWord = wordChar || (inWord && isJoiner(cp));
      i += Character.charCount(cp);
    }
    return count;
  }

  /*
   * The fast path of split(): most words are a run of ASCII letters and digits followed by a space
   * or punctuation that is not a joiner; they need no code-point loop or builder.
   */
  private static int asciiWordEnd(String text, int from) {
    int i = from;
    while (i < text.length() && isAsciiLetterOrDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Whether an ASCII word stops before {@code c}: plain ASCII that is neither word nor joiner. */
  private static boolean endsWord(char c) {
    return c < 0x80 && !isJoiner(c);
  }

  // not substring + toLowerCase alone: its general case mapping made ingest's parsing 8% slower
  private static String lowerCaseAscii(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return text.substring(from, to).toLowerCase(Locale.ROOT);
      }
    }
    return text.substring(from, to);
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
  }

  private static boolean isJoiner(int cp) {
    return cp == '\'' || cp == '\u2019' || cp == '-' || cp == '.';
  }
}
