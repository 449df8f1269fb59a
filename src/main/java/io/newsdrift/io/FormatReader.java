package io.newsdrift.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the records of one raw file (already decompressed) lazily, so a large file is never held in
 * memory. A record that cannot be read comes back as a {@link RawRecord#bad} one; an {@link
 * IOException} while reading (a truncated archive) ends the file and is reported by the caller.
 */
interface FormatReader extends Serializable {
  RecordIterator open(String uri, InputStream in, List<String> fields, int excerptChars)
      throws IOException;

  /** An iterator whose reading may fail with an {@link IOException}. */
  interface RecordIterator {
    boolean hasNext() throws IOException;

    RawRecord next() throws IOException;
  }

  /** Adapts a plain iterator (of an already parsed file). */
  static RecordIterator of(Iterator<RawRecord> it) {
    return new RecordIterator() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public RawRecord next() {
        return it.next();
      }
    };
  }
}
