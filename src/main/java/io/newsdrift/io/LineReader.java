package io.newsdrift.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines as raw bytes, so that each line can be checked for valid UTF-8 on its own and a bad
 * line costs one record, not the file. Lines longer than the limit are skipped to their end and
 * reported as oversized instead of being held in memory.
 */
final class LineReader {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int bufferLength;
  private int bufferPos;
  private byte[] line = new byte[1024];
  private int lineLength;
  private boolean oversized;
  private long lineNumber;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Advances to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    lineLength = 0;
    oversized = false;
    boolean any = false;
    while (true) {
      if (bufferPos == bufferLength) {
        bufferLength = in.read(buffer);
        bufferPos = 0;
        if (bufferLength <= 0) {
          bufferLength = 0;
          if (any) {
            lineNumber++;
          }
          return any;
        }
      }
      any = true;
      int start = bufferPos;
      while (bufferPos < bufferLength && buffer[bufferPos] != '\n') {
        bufferPos++;
      }
      append(start, bufferPos - start);
      if (bufferPos < bufferLength) {
        bufferPos++; // the newline
        lineNumber++;
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        return true;
      }
    }
  }

  private void append(int from, int chunk) {
    int length = chunk;
    if (oversized || length == 0) {
      return;
    }
    if (lineLength + length > maxLineBytes) {
      oversized = true;
      length = maxLineBytes - lineLength; // keep the head for the excerpt, drop the rest
    }
    if (lineLength + length > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
    }
    System.arraycopy(buffer, from, line, lineLength, length);
    lineLength += length;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  boolean oversized() {
    return oversized;
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }
}
