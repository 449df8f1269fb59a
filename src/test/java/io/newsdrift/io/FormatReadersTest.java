package io.newsdrift.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.IngestConfig;
import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
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
    List<RawRecord> records = read(new CsvRecordReader(1 << 20, 100), bytes(csv));
    assertThat(records).extracting(RawRecord::position).containsExactly(1L, 2L, 3L);
    assertThat(records)
        .extracting(RawRecord::reason)
        .containsExactly(null, "column_count_mismatch", null);
    assertThat(records.get(0).fields())
        .containsEntry("title", "Obama, Malala")
        .containsEntry("text", "line one\n\nline \"two\"")
        .containsEntry("date", "2020-05-17");
  }

  /**
   * An unbalanced quote costs its own record: it is rejected from the line of the opening quote and
   * the lines after that one are read as records again, whether the file ends inside the quotes,
   * the quoted value runs past the line limit, or a later line opens a quoted field.
   */
  @Test
  void anUnclosedQuoteCostsOnlyItsOwnRecord() throws IOException {
    String header = "id,title,text,date\n";
    List<RawRecord> atTheEnd =
        read(
            new CsvRecordReader(1 << 20, 100),
            bytes(
                header,
                "1,Fine,\"multi\nline\",2020-05-17\n", // lines 2-3
                "2,\"He said \"hi\" there\",body,2020-05-18\n",
                "3,\"Never closed,body,2020-05-19\n", // line 5
                "4,After,body,2020-05-20\r\n"));
    assertThat(atTheEnd).extracting(RawRecord::position).containsExactly(1L, 2L, 3L, 4L);
    assertThat(atTheEnd)
        .extracting(RawRecord::reason)
        .containsExactly(null, null, "csv_parse_error", null);
    // Stray quotes inside a value on one line are left to the parser (which keeps them all).
    assertThat(atTheEnd.get(1).fields()).containsEntry("title", "\"He said \"hi\" there\"");
    assertThat(atTheEnd.get(2).message())
        .isEqualTo(
            "quoted value opened on line 5 is not closed by the end of the file; the record is"
                + " rejected and reading resumes at line 6");
    assertThat(atTheEnd.get(2).excerpt())
        .startsWith("3,\"Never closed")
        .hasSizeLessThanOrEqualTo(60);
    assertThat(atTheEnd.get(3).fields()).containsEntry("id", "4").containsEntry("title", "After");

    List<RawRecord> beforeAQuotedField =
        read(
            new CsvRecordReader(1 << 20, 100),
            bytes(
                header,
                "1,\"Never closed,body,2020-05-17\n",
                "2,Plain,body,2020-05-18\n",
                "3,\"Quoted, title\",body,2020-05-19\n"));
    assertThat(beforeAQuotedField)
        .extracting(RawRecord::reason)
        .containsExactly("csv_parse_error", null, null);
    assertThat(beforeAQuotedField.get(0).message())
        .contains(
            "opened on line 2 is not closed before line 4, where a quote opens another field");
    assertThat(beforeAQuotedField.get(2).fields()).containsEntry("title", "Quoted, title");

    StringBuilder longValue = new StringBuilder("1,Long,\"a");
    for (int i = 0; i < 2; i++) {
      longValue.append("\nb");
    }
    List<RawRecord> pastTheLimit =
        read(
            new CsvRecordReader(1 << 20, 3),
            bytes(
                header,
                longValue + "\",2020-05-17\n", // lines 2-4: three lines are allowed
                "2,\"Never closed,body,2020-05-18\n", // line 5
                "3,A,body,2020-05-19\n",
                "4,B,body,2020-05-20\n",
                "5,C,body,2020-05-21\n"));
    assertThat(pastTheLimit)
        .extracting(RawRecord::reason)
        .containsExactly(null, "csv_parse_error", null, null, null);
    assertThat(pastTheLimit.get(0).fields()).containsEntry("text", "a\nb\nb");
    assertThat(pastTheLimit.get(1).message())
        .contains("opened on line 5 is not closed within 3 lines");
    assertThat(pastTheLimit).extracting(RawRecord::position).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void anOversizedCsvLineIsRejectedAndTheNextOneRead() throws IOException {
    List<RawRecord> records =
        read(
            new CsvRecordReader(100, 100),
            bytes("id,title\n", "1,", "x".repeat(500), "\n", "2,Next\n"));
    assertThat(records).extracting(RawRecord::reason).containsExactly("record_too_large", null);
    assertThat(records.get(0).message()).isEqualTo("line 2 is longer than 100 characters");
    assertThat(records.get(1).fields()).containsEntry("title", "Next");

    // What the parser cannot parse (here: more than 10,000 columns) costs that record only.
    List<RawRecord> wide =
        read(
            new CsvRecordReader(1 << 20, 100),
            bytes("id,title\n", "1", ",x".repeat(10_000), "\n", "2,Next\n"));
    assertThat(wide).extracting(RawRecord::reason).containsExactly("csv_parse_error", null);
    assertThat(wide.get(0).message()).startsWith("record from line 2 cannot be parsed: ");
    assertThat(wide.get(1).fields()).containsEntry("title", "Next");
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
        RawSources.records(
                spark,
                source,
                RawSources.list(spark, source.input(), source.format()),
                IngestConfig.from(Settings.defaults()),
                spark.sparkContext().collectionAccumulator())
            .collect();
    Map<String, Map<String, String>> byId = new TreeMap<>();
    for (Row r : rows) {
      Map<String, String> fields = r.getJavaMap(RawRecord.SCHEMA.fieldIndex("fields"));
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
