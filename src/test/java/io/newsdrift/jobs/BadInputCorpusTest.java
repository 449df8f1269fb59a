package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated corpus of bad input, one file per kind of damage, in all four formats. One ingest run
 * over all of it must not fail, must account for every record, and must send each record where its
 * kind belongs: the expected outcome of every file is written next to the file's bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
  private static final String DATE = "2024-05-16T08:00:00Z";

  /** Expected outcomes per file name: {@code accepted}, {@code exact} or a reject reason. */
  private final Map<String, List<String>> expected = new TreeMap<>();

  private final Random random = new Random(7);
  private int serial;
  private RunContext ctx;
  private RunLog.Accounting accounting;
  private SparkSession spark;

  /** A body of distinct random words, so that no two generated articles are near duplicates. */
  private String body(int words) {
    StringBuilder sb = new StringBuilder("Report ").append(++serial).append(':');
    for (int i = 0; i < words; i++) {
      sb.append(' ').append("w").append(Integer.toString(random.nextInt(1 << 20), 36));
    }
    return sb.append('.').toString();
  }

  private static String json(Map<String, Object> fields) {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach(
        (k, v) -> {
          sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":");
          sb.append(
              v instanceof String s
                  ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"'
                  : String.valueOf(v));
        });
    return sb.append('}').toString();
  }

  private String article(String id, String date) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("outlet", "Bad Input Daily");
    f.put("title", "Story " + id);
    f.put("text", body(40));
    if (date != null) {
      f.put("date", date);
    }
    return json(f);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private void file(Path dir, String name, byte[] bytes, String... outcomes) throws IOException {
    Files.write(dir.resolve(name), bytes);
    expected.put(name, sorted(Arrays.asList(outcomes)));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    }
    return buf.toByteArray();
  }

  private static byte[] bzip2(byte[] bytes) throws IOException {
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(new Configuration());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream bz = codec.createOutputStream(buf)) {
      bz.write(bytes);
    }
    return buf.toByteArray();
  }

  private static List<String> sorted(List<String> outcomes) {
    List<String> out = new ArrayList<>(outcomes);
    out.sort(null);
    return out;
  }

  private Path jsonLines(Path root) throws IOException {
    Path d = Files.createDirectories(root.resolve("jsonl"));
    file(d, "01-good.jsonl", utf8(article("good", DATE) + "\n"), "accepted");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      many.append(article("trunc" + i, DATE)).append('\n');
    }
    byte[] gz = gzip(utf8(many.toString()));
    Files.write(d.resolve("02-truncated.jsonl.gz"), Arrays.copyOf(gz, gz.length / 2));
    // Expected outcomes of the truncated file depend on where the damage falls: checked apart.
    file(
        d,
        "03-invalid-utf8.jsonl",
        bytes(utf8("{\"id\":\"u\",\"title\":\"Caf"), new byte[] {(byte) 0xC3, 0x28}, utf8("\"}\n")),
        "rejected:invalid_utf8");
    file(
        d,
        "04-nul-bytes-raw.jsonl",
        bytes(utf8("{\"id\":\"n1\",\"title\":\"a"), new byte[] {0}, utf8("b\"}\n")),
        "rejected:bad_json");
    Map<String, Object> nul = new LinkedHashMap<>();
    nul.put("id", "n2");
    nul.put("title", "Escaped NUL story");
    nul.put("text", body(30) + "\\u0000 tail");
    nul.put("date", DATE);
    file(
        d,
        "05-nul-escaped.jsonl",
        utf8(json(nul).replace("\\\\u0000", "\\u0000") + "\n"),
        "accepted");
    file(
        d,
        "06-bom.jsonl",
        bytes(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(article("bom", DATE) + "\n")),
        "accepted");
    file(
        d,
        "07-broken-json.jsonl",
        utf8("{\"id\": \"b\", \"title\": broken\n"),
        "rejected:bad_json");
    file(
        d,
        "08-not-an-object.jsonl",
        utf8("[1, 2, 3]\n\"text\"\n"),
        "rejected:bad_json",
        "rejected:bad_json");
    file(d, "09-missing-date.jsonl", utf8(article("nodate", null) + "\n"), "rejected:missing_date");
    file(
        d,
        "10-impossible-date.jsonl",
        utf8(article("feb30", "2024-02-30") + "\n"),
        "rejected:bad_date");
    file(
        d,
        "11-garbage-date.jsonl",
        utf8(article("garbage", "the other day") + "\n"),
        "rejected:bad_date");
    file(
        d,
        "12-far-future-date.jsonl",
        utf8(article("future", "2999-01-01") + "\n"),
        "rejected:future_date");
    file(
        d,
        "13-ancient-date.jsonl",
        utf8(article("ancient", "1066-10-14") + "\n"),
        "rejected:implausible_date");
    file(
        d,
        "14-empty-body.jsonl",
        utf8(json(Map.of("id", "empty", "title", "", "text", "   ", "date", DATE)) + "\n"),
        "rejected:empty_text");
    file(
        d,
        "15-too-short.jsonl",
        utf8(json(Map.of("id", "short", "title", "Hi", "date", DATE)) + "\n"),
        "rejected:too_short");
    String huge = "word ".repeat(2_100_000); // about 10 MB, over ingest.max_text_chars
    file(
        d,
        "16-ten-megabyte-body.jsonl",
        utf8(json(Map.of("id", "huge", "title", "Huge", "text", huge, "date", DATE)) + "\n"),
        "rejected:too_long");
    Map<String, Object> html = new LinkedHashMap<>();
    html.put("id", "html");
    html.put("title", "<h1>Markup &amp; more</h1>");
    html.put("text", "<div><p>" + body(30) + "</p><script>alert('x')</script><br/>end</div>");
    html.put("date", DATE);
    file(d, "17-html.jsonl", utf8(json(html) + "\n"), "accepted");
    Map<String, Object> same = new LinkedHashMap<>();
    same.put("id", "sameid");
    same.put("outlet", "Bad Input Daily");
    same.put("title", "Same id");
    same.put("text", body(40));
    same.put("date", "2024-05-16T08:00:00Z");
    String first = json(same);
    same.put("text", body(40));
    same.put("date", "2024-05-16T09:00:00Z");
    file(
        d,
        "18-same-id-other-content.jsonl",
        utf8(first + "\n" + json(same) + "\n"),
        "accepted",
        "rejected:duplicate_id");
    String twice = article("twice", DATE);
    file(d, "19-same-record-twice.jsonl", utf8(twice + "\n" + twice + "\n"), "accepted", "exact");
    Map<String, Object> unknown = new LinkedHashMap<>();
    unknown.put("id", "unknown");
    unknown.put("title", "Unknown fields");
    unknown.put("text", body(30));
    unknown.put("date", DATE);
    unknown.put("sentiment", 0.7);
    unknown.put("tags", "[\"x\"]");
    unknown.put("meta", Map.of());
    file(
        d,
        "20-unknown-fields.jsonl",
        utf8(json(unknown).replace("\"meta\":{}", "\"meta\":{\"a\":1}") + "\n"),
        "accepted");
    file(d, "21-bzip2.jsonl.bz2", bzip2(utf8(article("bz", DATE) + "\n")), "accepted");
    file(d, "22-gzip.jsonl.gz", gzip(utf8(article("gz", DATE) + "\n")), "accepted");
    file(
        d,
        "23-blank-lines-crlf.jsonl",
        utf8("\r\n" + article("crlf1", DATE) + "\r\n\r\n   \r\n" + article("crlf2", DATE) + "\r\n"),
        "accepted",
        "accepted");
    file(
        d,
        "24-unix-seconds.jsonl",
        utf8(article("secs", null).replace("}", ",\"date\":1715846400}") + "\n"),
        "accepted");
    file(d, "25-unix-millis.jsonl", utf8(article("millis", "1715846400000") + "\n"), "accepted");
    file(d, "26-empty-file.jsonl", new byte[0]);
    file(
        d,
        "27-rfc1123-date.jsonl",
        utf8(article("rfc", "Thu, 16 May 2024 08:00:00 GMT") + "\n"),
        "accepted");
    file(
        d,
        "28-offset-date.jsonl",
        utf8(article("offset", "2024-05-16T23:30:00-05:00") + "\n"),
        "accepted");
    file(
        d,
        "29-wrong-types.jsonl",
        utf8("{\"id\": 5, \"title\": {\"a\": 1}, \"text\": [1,2], \"date\": true}\n"),
        "rejected:bad_date");
    return d;
  }

  private Path csv(Path root) throws IOException {
    Path d = Files.createDirectories(root.resolve("csv"));
    String header = "id,outlet,title,text,date\n";
    file(
        d,
        "30-multiline.csv",
        utf8(
            header
                + "m1,Csv Times,\"Multi, line\",\""
                + body(30)
                + "\nsecond \"\"quoted\"\" line\","
                + DATE
                + "\n"),
        "accepted");
    file(
        d,
        "31-unbalanced-quotes.csv",
        utf8(
            header
                + "q1,Csv Times,Fine,"
                + body(20)
                + ","
                + DATE
                + "\nq2,Csv Times,\"Never closed,"
                + body(20)
                + ","
                + DATE
                + "\nq3,Csv Times,After,"
                + body(20)
                + ","
                + DATE
                + "\nq4,Csv Times,\"Quoted, title\","
                + body(20)
                + ","
                + DATE
                + "\n"),
        // q4's opening quote shows that q2's was never closed: q2 alone is rejected, and reading
        // resumes at the line after its quote, so q3 and q4 are read as usual.
        "accepted",
        "rejected:csv_parse_error",
        "accepted",
        "accepted");
    file(
        d,
        "31b-unclosed-quote-to-the-end.csv",
        utf8(
            header
                + "u1,Csv Times,\"Never closed,"
                + body(20)
                + ","
                + DATE
                + "\nu2,Csv Times,Last,"
                + body(20)
                + ","
                + DATE
                + "\n"),
        "rejected:csv_parse_error",
        "accepted");
    file(
        d,
        "32-column-count.csv",
        utf8(
            header
                + "c1,Csv Times,Too few\nc2,Csv Times,Too many,"
                + body(20)
                + ","
                + DATE
                + ",extra\n"),
        "rejected:column_count_mismatch",
        "rejected:column_count_mismatch");
    file(
        d,
        "33-csv-invalid-utf8.csv",
        bytes(
            utf8(header + "i1,Csv Times,Bad "),
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            utf8(" bytes," + body(20) + "," + DATE + "\n")),
        "rejected:invalid_utf8");
    file(
        d,
        "34-csv-bom.csv",
        bytes(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            utf8(header + "bomcsv,Csv Times,Bom," + body(20) + "," + DATE + "\n")),
        "accepted");
    file(
        d,
        "35-csv-gzip.csv.gz",
        gzip(utf8(header + "gzcsv,Csv Times,Gz," + body(20) + "," + DATE + "\n")),
        "accepted");
    return d;
  }

  private Path text(Path root) throws IOException {
    Path d = Files.createDirectories(root.resolve("text"));
    file(d, "36-dated.txt", utf8(" date 2024-05-16 A dated headline\n\n" + body(40)), "accepted");
    file(
        d,
        "37-text-invalid-utf8.txt",
        bytes(utf8(" date 2024-05-16 Bad\n"), new byte[] {(byte) 0xC0, (byte) 0x80}),
        "rejected:invalid_utf8");
    file(d, "38-empty.txt", new byte[0], "rejected:empty_text");
    file(d, "39-undated.txt", utf8("No date line here\n" + body(30)), "rejected:missing_date");
    file(
        d,
        "40-text-nul.txt",
        bytes(utf8(" date 2024-05-16 Nul\n" + body(30)), new byte[] {0, 0}, utf8(" tail")),
        "accepted");
    file(d, "41-text.txt.bz2", bzip2(utf8(" date 2024-05-16 Bzip2 text\n" + body(30))), "accepted");
    return d;
  }

  private Path parquet(Path root) throws IOException {
    Path d = root.resolve("parquet");
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("title", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("date", DataTypes.StringType)
            .add("extra", DataTypes.DoubleType);
    List<Row> rows =
        List.of(
            RowFactory.create(1L, "Parquet story", body(30), DATE, 1.5),
            RowFactory.create(2L, "Parquet without date", body(30), null, null),
            RowFactory.create(3L, null, null, DATE, null));
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(d.toString());
    // A later day's file whose schema drifted (the id a string, the text a list of paragraphs),
    // and an upload cut short (no footer): Spark's own reader fails a job on either.
    StructType drifted =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("text", DataTypes.createArrayType(DataTypes.StringType))
            .add("date", DataTypes.StringType);
    spark
        .createDataFrame(
            List.of(RowFactory.create("p4", List.of(body(30), body(20)), DATE)), drifted)
        .coalesce(1)
        .write()
        .mode("append")
        .parquet(d.toString());
    try (var parts = Files.list(d)) {
      Path part = parts.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(part);
      Files.write(d.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
    }
    return d;
  }

  @BeforeAll
  void ingestTheBadCorpus(@TempDir Path root) throws IOException {
    spark = TestSpark.session();
    List<SourceSpec> sources =
        List.of(
            new SourceSpec(jsonLines(root).toString(), InputFormat.JSONL, Mapping.defaults()),
            new SourceSpec(csv(root).toString(), InputFormat.CSV, Mapping.defaults()),
            new SourceSpec(text(root).toString(), InputFormat.TEXT, Mapping.defaults()),
            new SourceSpec(parquet(root).toString(), InputFormat.PARQUET, Mapping.defaults()));
    ctx =
        RunContext.start(
            root.resolve("wh").toString(),
            Settings.defaults(),
            LocalDate.parse("2024-06-01"),
            "ingest");
    RunLog log = new RunLog(ctx);
    accounting = new IngestJob(ctx, sources).run(spark, log);
    log.finish(spark, true, null);
  }

  /** Each record's outcome, by the name of the file it came from. */
  private Map<String, List<String>> outcomesByFile() {
    Dataset<Row> all =
        ctx.warehouse()
            .read(spark, Table.ARTICLES)
            .select(col(Cols.SOURCE_URI), lit("accepted").as("outcome"))
            .unionByName(
                ctx.warehouse()
                    .read(spark, Table.DUPLICATES)
                    .filter(col(Cols.KIND).equalTo("exact"))
                    .select(col(Cols.SOURCE_URI), lit("exact").as("outcome")))
            .unionByName(
                ctx.warehouse()
                    .read(spark, Table.REJECTS)
                    .select(
                        col(Cols.SOURCE_URI),
                        concat(lit("rejected:"), col(Cols.REASON)).as("outcome")));
    Map<String, List<String>> out = new TreeMap<>();
    for (Row r : all.collectAsList()) {
      String uri = r.getString(0);
      String name = uri.substring(uri.lastIndexOf('/') + 1);
      if (uri.contains("/parquet/")) {
        name = "parquet";
      }
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(r.getString(1));
    }
    out.replaceAll((k, v) -> sorted(v));
    return out;
  }

  @Test
  void everyKindLandsWhereItBelongs() {
    Map<String, List<String>> actual = outcomesByFile();
    List<String> truncated = actual.remove("02-truncated.jsonl.gz");
    Map<String, List<String>> want = new TreeMap<>(expected);
    want.remove("26-empty-file.jsonl"); // no records, so no outcome
    want.put(
        "parquet",
        sorted(
            List.of(
                "accepted",
                "accepted",
                "rejected:missing_date",
                "rejected:empty_text",
                "rejected:unreadable_input")));
    assertThat(actual).as("outcomes per file").isEqualTo(want);

    // A truncated gzip keeps the records before the damage and ends with one reject.
    assertThat(truncated).filteredOn("rejected:unreadable_input"::equals).hasSize(1);
    assertThat(truncated).filteredOn("accepted"::equals).hasSizeBetween(1, 299);
    assertThat(truncated).hasSizeLessThanOrEqualTo(301);
  }

  @Test
  void everyRecordIsARowOfAWrittenTable() {
    long rows =
        ctx.warehouse().read(spark, Table.ARTICLES).count()
            + ctx.warehouse().read(spark, Table.REJECTS).count()
            + ctx.warehouse()
                .read(spark, Table.DUPLICATES)
                .filter(col(Cols.KIND).equalTo("exact"))
                .count();
    assertThat(rows).isEqualTo(accounting.records());
    assertThat(accounting.nearDuplicates()).isZero();
    Row run = ctx.warehouse().readIfExists(spark, RunLog.TABLE).orElseThrow().first();
    assertThat(run.<Long>getAs("records_in")).isEqualTo(accounting.records());
  }

  @Test
  void cleanedTextKeepsNoMarkupNulOrBom() {
    Dataset<Row> articles = ctx.warehouse().read(spark, Table.ARTICLES);
    Row html = articles.filter(col(Cols.SOURCE_URI).endsWith("17-html.jsonl")).first();
    assertThat(html.<String>getAs(Cols.TITLE)).isEqualTo("Markup & more");
    assertThat(html.<String>getAs(Cols.TEXT)).doesNotContain("<", ">", "alert").endsWith("end");
    for (Row r : articles.select(Cols.TITLE, Cols.TEXT).collectAsList()) {
      assertThat(r.getString(0) + r.getString(1)).doesNotContain("\u0000", "\uFEFF");
    }
    Row rejectHuge =
        ctx.warehouse()
            .read(spark, Table.REJECTS)
            .filter(col(Cols.REASON).equalTo("too_long"))
            .first();
    assertThat(rejectHuge.<String>getAs(Cols.RAW_EXCERPT)).hasSizeLessThanOrEqualTo(500);
    assertThat(rejectHuge.<String>getAs(Cols.MESSAGE))
        .contains("more than ingest.max_text_chars=1000000");
    Row unbalanced =
        ctx.warehouse()
            .read(spark, Table.REJECTS)
            .filter(col(Cols.SOURCE_URI).endsWith("31-unbalanced-quotes.csv"))
            .first();
    assertThat(unbalanced.<Long>getAs(Cols.RECORD_POSITION)).isEqualTo(2L);
    assertThat(unbalanced.<String>getAs(Cols.MESSAGE))
        .isEqualTo(
            "quoted value opened on line 3 is not closed before line 5, where a quote opens another"
                + " field; the record is rejected and reading resumes at line 4");
    assertThat(unbalanced.<String>getAs(Cols.RAW_EXCERPT))
        .startsWith("q2,Csv Times,\"Never closed")
        .hasSizeLessThanOrEqualTo(500);
    Row toTheEnd =
        ctx.warehouse()
            .read(spark, Table.REJECTS)
            .filter(col(Cols.SOURCE_URI).endsWith("31b-unclosed-quote-to-the-end.csv"))
            .first();
    assertThat(toTheEnd.<String>getAs(Cols.MESSAGE))
        .startsWith("quoted value opened on line 2 is not closed by the end of the file");
    assertThat(
            Rows.countsBy(
                ctx.warehouse()
                    .read(spark, Table.ARTICLES)
                    .filter(col(Cols.SOURCE_URI).contains("/31")),
                Cols.TITLE))
        .containsOnlyKeys("Fine", "After", "Quoted, title", "Last");
  }
}
