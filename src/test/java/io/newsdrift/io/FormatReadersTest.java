package io.newsdrift.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.testing.TestSpark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatReadersTest {
  private static final List<String> FIELDS = List.of("id", "title", "text", "date", "meta.source");

  private static List<RawRecord> read(FormatReader reader, byte[] bytes) throws IOException {
    java.util.Iterator<RawRecord> it =
        reader.open("mem://f", new ByteArrayInputStream(bytes), FIELDS, 60);
    List<RawRecord> out = new ArrayList<>();
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out;
  }

  private static byte[] bytes(Object... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.write(p instanceof byte[] b ? b : String.valueOf(p).getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void jsonLinesReportBadLinesAndKeepGoing() throws IOException {
    byte[] input =
        bytes(
            "\uFEFF{\"id\":\"1\",\"title\":\"A\",\"date\":1637041891,\"meta\":{\"source\":\"x\"},\"extra\":[1]}\n",
            "\n",
            "{\"id\":\"2\",\"title\":\"broken\"\n",
            "{\"id\":\"3\",\"title\":\"",
            new byte[] {(byte) 0xC3, (byte) 0x28},
            "\"}\r\n",
            "[1,2]\n",
            "{\"id\":\"5\",\"title\":null}");
    List<RawRecord> records = read(new JsonLinesReader(1 << 20), input);
    assertThat(records).extracting(RawRecord::position).containsExactly(1L, 3L, 4L, 5L, 6L);
    assertThat(records)
        .extracting(RawRecord::reason)
        .containsExactly(null, "bad_json", "invalid_utf8", "bad_json", null);
    assertThat(records.get(0).fields())
        .containsEntry("id", "1")
        .containsEntry("date", "1637041891")
        .containsEntry("meta.source", "x")
        .doesNotContainKey("extra");
    assertThat(records.get(4).fields()).containsOnlyKeys("id");
  }

  @Test
  void oversizedLinesAreRejectedNotBuffered() throws IOException {
    String huge = "{\"title\":\"" + "x".repeat(5000) + "\"}\n{\"title\":\"ok\"}\n";
    List<RawRecord> records = read(new JsonLinesReader(1000), bytes(huge));
    assertThat(records).extracting(RawRecord::reason).containsExactly("record_too_large", null);
    assertThat(records.get(0).excerpt()).hasSize(60);
  }

  @Test
  void csvWithMultiLineQuotedFieldsAndBadRows() throws IOException {
    String csv =
        ",id,title,text,date\n"
            + "0,1,\"Obama, Malala\",\"line one\n\nline \"\"two\"\"\",2020-05-17\n"
            + "1,2,short row\n"
            + "2,3,Plain,body,2020-05-18\n";
    List<RawRecord> records = read(new CsvRecordReader(1 << 20), bytes(csv));
    assertThat(records).extracting(RawRecord::position).containsExactly(1L, 2L, 3L);
    assertThat(records)
        .extracting(RawRecord::reason)
        .containsExactly(null, "column_count_mismatch", null);
    assertThat(records.get(0).fields())
        .containsEntry("title", "Obama, Malala")
        .containsEntry("text", "line one\n\nline \"two\"")
        .containsEntry("date", "2020-05-17");
  }

  @Test
  void textFilesWithADateLine() throws IOException {
    String text =
        " date 2024-05-16 Putin arrives in China\n\nBy Guy Faulconbridge\n\nMOSCOW (Reuters) - ...\n";
    List<RawRecord> records = read(new TextFileReader(1 << 20), bytes(text));
    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields())
        .containsEntry("date", "2024-05-16")
        .containsEntry("title", "Putin arrives in China")
        .containsEntry("text", "By Guy Faulconbridge\n\nMOSCOW (Reuters) - ...");
    assertThat(read(new TextFileReader(1 << 20), new byte[] {(byte) 0xFF, 'a'}).get(0).reason())
        .isEqualTo("invalid_utf8");
  }

  /**
   * Spark reads Parquet itself, and fields from the path still fill what a record leaves missing or
   * blank: outlet and date from {@code {outlet}/{yyyy}-{MM}-{dd}/} folders, a folder name with a
   * space included (Spark reports it percent-encoded).
   */
  @Test
  void parquetRecordsTakeOutletAndDateFromThePath(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType();
    for (String f : List.of("id", "title", "text", "outlet", "date")) {
      schema = schema.add(f, DataTypes.StringType, true);
    }
    writeParquet(
        spark,
        schema,
        dir.resolve("reuters/2024-05-16"),
        RowFactory.create("1", "Oil jumps", "Prices rose.", null, null),
        RowFactory.create("2", "Own outlet", "Kept.", "AP", "  "));
    writeParquet(
        spark,
        schema,
        dir.resolve("new york times/2024-05-17"),
        RowFactory.create("3", "Blank outlet", "Filled.", "", null));
    writeParquet(
        spark,
        schema,
        dir.resolve("loose"),
        RowFactory.create("4", "Outside the pattern", "None.", null, null));
    SourceSpec source =
        new SourceSpec(
            dir.toString(),
            InputFormat.PARQUET,
            Mapping.fromMap(Map.of("path_pattern", "{outlet}/{yyyy}-{MM}-{dd}/*.parquet"), "test"));
    List<Row> rows =
        RawSources.read(
                spark,
                source,
                RawSources.list(spark, source.input(), source.format()),
                60,
                spark.sparkContext().collectionAccumulator())
            .collectAsList();
    Map<String, Map<String, String>> byId = new TreeMap<>();
    for (Row r : rows) {
      Map<String, String> fields = r.getJavaMap(r.fieldIndex("fields"));
      byId.put(fields.get("id"), fields);
    }
    assertThat(byId).containsOnlyKeys("1", "2", "3", "4");
    assertThat(byId.get("1"))
        .containsEntry("outlet", "reuters")
        .containsEntry("date", "2024-05-16");
    assertThat(byId.get("2")).containsEntry("outlet", "AP").containsEntry("date", "2024-05-16");
    assertThat(byId.get("3"))
        .containsEntry("outlet", "new york times")
        .containsEntry("date", "2024-05-17");
    assertThat(byId.get("4")).doesNotContainKeys("outlet", "date");
  }

  private static void writeParquet(SparkSession spark, StructType schema, Path dir, Row... rows) {
    spark.createDataFrame(List.of(rows), schema).coalesce(1).write().parquet(dir.toString());
  }
}
