package io.newsdrift.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
