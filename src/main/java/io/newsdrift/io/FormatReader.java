package io.newsdrift.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the records of one raw file (already decompressed) lazily, so a large file is never held in
 * memory. A record that cannot be read comes back as a {@link RawRecord#bad} one.
 */
interface FormatReader extends Serializable {
  /**
   * The records of one file. A read error (a truncated archive) surfaces from the iterator as an
   * {@link java.io.UncheckedIOException}; the caller turns it into a reject.
   */
  Iterator<RawRecord> open(String uri, InputStream in, List<String> fields, int excerptChars)
      throws IOException;
}
