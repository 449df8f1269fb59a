package io.newsdrift.io;

import io.newsdrift.config.InputFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which file names belong to which raw format, for files found by listing a folder. */
final class InputFormats {
  private static final List<String> COMPRESSION =
      List.of(".gz", ".bz2", ".zst", ".deflate", ".lz4", ".snappy");
  private static final Map<InputFormat, List<String>> EXTENSIONS =
      Map.of(
          InputFormat.JSONL, List.of(".jsonl", ".json", ".ndjson"),
          InputFormat.CSV, List.of(".csv"),
          InputFormat.PARQUET, List.of(".parquet"),
          InputFormat.TEXT, List.of(".txt", ".text"));

  private InputFormats() {}

  /** True for the format's own extensions (optionally compressed) and for names without one. */
  static boolean readsFileNamed(InputFormat format, String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (String c : COMPRESSION) {
      if (name.endsWith(c)) {
        name = name.substring(0, name.length() - c.length());
        break;
      }
    }
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return true;
    }
    return EXTENSIONS.get(format).contains(name.substring(dot));
  }
}
