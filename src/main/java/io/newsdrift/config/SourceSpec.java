package io.newsdrift.config;

import java.io.Serializable;

/**
 * One raw source: a Hadoop URI (file, folder or glob; {@code s3a://}, {@code file://}, ...), its
 * format and its field mapping.
 */
public record SourceSpec(String input, InputFormat format, Mapping mapping)
    implements Serializable {
  public SourceSpec {
    if (input == null || input.isBlank()) {
      throw new ConfigException(
          "a source needs an input URI (example: --input s3a://bucket/dumps/)");
    }
  }
}
