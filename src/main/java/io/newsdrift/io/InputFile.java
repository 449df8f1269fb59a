package io.newsdrift.io;

import java.io.Serializable;

/**
 * A raw file found under an input URI: its full URI, size in bytes, modification time and version
 * (the object's ETag where the file system gives one, else its modification time), by which a
 * nightly knows a file it has read before.
 */
public record InputFile(String uri, long size, long modifiedMillis, String version)
    implements Serializable {
  public InputFile(String uri, long size, long modifiedMillis) {
    this(uri, size, modifiedMillis, "mtime:" + modifiedMillis);
  }
}
