package io.newsdrift.io;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One record as read from a raw dump, before any interpretation: where it came from, the source
 * fields the mapping asks for (as strings), a bounded excerpt of the raw bytes, and, when it could
 * not even be read as a record, the reason code and message that send it to {@code rejects}.
 */
public record RawRecord(
    String sourceUri,
    long position,
    Map<String, String> fields,
    String excerpt,
    String reason,
    String message) {

  public static final StructType SCHEMA =
      new StructType()
          .add("source_uri", DataTypes.StringType, false)
          .add("record_position", DataTypes.LongType, false)
          .add(
              "fields",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true),
              true)
          .add("raw_excerpt", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, true)
          .add("message", DataTypes.StringType, true);

  public static RawRecord ok(
      String uri, long position, Map<String, String> fields, String excerpt) {
    return new RawRecord(uri, position, fields, excerpt, null, null);
  }

  public static RawRecord bad(
      String uri, long position, String excerpt, String reason, String message) {
    return new RawRecord(uri, position, Map.of(), excerpt, reason, message);
  }

  public Row toRow() {
    return RowFactory.create(
        sourceUri, position, io.newsdrift.spark.Rows.map(fields), excerpt, reason, message);
  }

  /** The first {@code max} characters of raw bytes decoded leniently, for excerpts. */
  public static String excerpt(byte[] bytes, int length, int max) {
    String s = new String(bytes, 0, Math.min(length, max * 4), StandardCharsets.UTF_8);
    return excerpt(s, max);
  }

  public static String excerpt(String s, int max) {
    if (s == null) {
      return null;
    }
    String clean = s.replace('\u0000', ' ');
    return clean.length() <= max ? clean : clean.substring(0, max);
  }
}
