package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.io.InputMissingException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest of a small, deliberately messy corpus: every record accounted for, duplicates found. */
class IngestJobTest {
  private static final String WIRE =
      "Oil prices jumped on Tuesday after producers agreed to extend output cuts through the end of"
          + " the year, traders said, as worries about weak demand in Europe eased and inventories in"
          + " the United States fell for a third straight week according to government figures"
          + " released late on Monday evening in Washington";

  @TempDir Path dir;

  private static String json(
      String id, String outlet, String url, String title, String text, String date) {
    StringBuilder sb = new StringBuilder("{");
    String[][] kv = {
      {"id", id}, {"outlet", outlet}, {"url", url}, {"title", title}, {"text", text}, {"date", date}
    };
    for (String[] p : kv) {
      if (p[1] != null) {
        sb.append(sb.length() > 1 ? "," : "")
            .append('"')
            .append(p[0])
            .append("\":\"")
            .append(p[1].replace("\"", "\\\""))
            .append('"');
      }
    }
    return sb.append("}\n").toString();
  }

  private static void gzip(Path file, byte[] bytes, boolean truncate) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    }
    byte[] all = buf.toByteArray();
    Files.write(file, truncate ? Arrays.copyOf(all, all.length * 2 / 3) : all);
  }

  private Path messyCorpus() throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    String good =
        json(
                "1",
                "Wire",
                "https://wire.example/a",
                "Oil jumps as cuts extended",
                WIRE,
                "2024-05-16T08:00:00Z")
            + json(
                "1",
                "Wire",
                "https://wire.example/a",
                "Oil jumps as cuts extended",
                WIRE,
                "2024-05-16T08:00:00Z")
            + json(
                "9",
                "Wire",
                "https://wire.example/a",
                "Other text",
                "Entirely different words here today.",
                "2024-05-16T09:00:00Z")
            + "{\"id\": \"4\", \"title\": broken json\n"
            + json(
                "5",
                "Daily",
                "https://daily.example/5",
                "No date here",
                "Some body text for this one.",
                null)
            + json(
                "6",
                "Daily",
                "https://daily.example/6",
                "From the future",
                "Some body text for this one.",
                "2999-01-01")
            + json("7", "Daily", "https://daily.example/7", "", "", "2024-05-16")
            + json(
                "8",
                "Daily",
                "https://daily.example/8",
                "Markup <b>story</b>",
                "<p>Gas &amp; power</p><script>x()</script><p>prices rose again.</p>",
                "May 17, 2024")
            + json(
                "10",
                "Daily",
                "https://daily.example/10",
                "Oil jumps as output cuts extended",
                WIRE.replace("Tuesday", "Wednesday").replace("Monday", "Sunday"),
                "2024-05-16T15:00:00Z")
            + json(
                "11",
                null,
                "https://www.headlines.example/x",
                "Headline only story about energy",
                null,
                "November 16, 2021 12:51 AM")
            + json(
                "12",
                "Daily",
                "https://daily.example/12",
                "Markup story",
                "Gas & power prices rose again.",
                "1715990400")
            + "\n";
    Files.writeString(in.resolve("part-1.jsonl"), good);
    gzip(
        in.resolve("part-2.jsonl.gz"),
        json(
                "13",
                "Daily",
                "https://daily.example/13",
                "Gzip story",
                "A compressed body with enough words.",
                "2024-05-18")
            .getBytes(StandardCharsets.UTF_8),
        false);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      many.append(
          json(
              "t" + i,
              "Trunc",
              "https://t.example/" + i,
              "Truncated file story " + i,
              "Body number " + i + " of a file cut short.",
              "2024-05-19"));
    }
    gzip(in.resolve("part-3.jsonl.gz"), many.toString().getBytes(StandardCharsets.UTF_8), true);
    return in;
  }

  @Test
  void everyRecordEndsSomewhereAndARerunReplacesExactly() throws IOException {
    SparkSession spark = TestSpark.session();
    Path in = messyCorpus();
    String warehouse = dir.resolve("wh").toString();
    SourceSpec source = new SourceSpec(in.toString(), InputFormat.JSONL, Mapping.defaults());
    RunContext ctx =
        RunContext.start(warehouse, Settings.defaults(), LocalDate.parse("2024-06-01"), "ingest");
    RunLog.Accounting first = new IngestJob(ctx, List.of(source)).run(spark, new RunLog(ctx));

    Dataset<Row> articles = ctx.warehouse().read(spark, Table.ARTICLES);
    Dataset<Row> rejects = ctx.warehouse().read(spark, Table.REJECTS);
    Dataset<Row> duplicates = ctx.warehouse().read(spark, Table.DUPLICATES);
    long truncatedKept = articles.filter(col(Cols.OUTLET).equalTo("Trunc")).count();
    assertThat(truncatedKept)
        .as("records before the truncation point are kept")
        .isBetween(1L, 399L);

    // 11 records in part-1, 1 in part-2, the readable part of part-3 plus one reject for its tail.
    assertThat(first.records()).isEqualTo(11 + 1 + truncatedKept + 1);
    assertThat(Rows.countsBy(rejects, Cols.REASON))
        .containsEntry("bad_json", 1L)
        .containsEntry("missing_date", 1L)
        .containsEntry("future_date", 1L)
        .containsEntry("empty_text", 1L)
        .containsEntry("duplicate_id", 1L)
        .containsEntry("unreadable_input", 1L);
    assertThat(first.rejected()).isEqualTo(6);
    assertThat(
            rejects
                .filter(col(Cols.REASON).equalTo("bad_json"))
                .first()
                .<Long>getAs(Cols.RECORD_POSITION))
        .isEqualTo(4L);

    // Exact duplicates: the same record twice (same id), and the same content at the same outlet.
    assertThat(first.exactDuplicates()).isEqualTo(2);
    assertThat(Rows.countsBy(duplicates, Cols.KIND))
        .containsEntry("exact", 2L)
        .containsEntry("near", 2L);
    // Near duplicates: the wire story rewritten by Daily; the earlier wire copy is canonical.
    assertThat(first.nearDuplicates()).isEqualTo(1);
    Row rewrite =
        duplicates
            .filter(col(Cols.KIND).equalTo("near").and(col(Cols.OUTLET).equalTo("Daily")))
            .first();
    assertThat(rewrite.<String>getAs(Cols.CANONICAL_OUTLET)).isEqualTo("Wire");
    assertThat(rewrite.<Double>getAs(Cols.SIMILARITY)).isBetween(0.5, 0.99);

    Row markup = articles.filter(col(Cols.URL).equalTo("https://daily.example/8")).first();
    assertThat(markup.<String>getAs(Cols.TEXT)).isEqualTo("Gas & power\n\nprices rose again.");
    assertThat(markup.<Object>getAs(Cols.DATE).toString()).isEqualTo("2024-05-17");
    Row headline = articles.filter(col(Cols.URL).contains("headlines.example")).first();
    assertThat(headline.<String>getAs(Cols.OUTLET)).isEqualTo("headlines.example");
    assertThat(headline.<Object>getAs(Cols.PUBLISHED_AT).toString())
        .startsWith("2021-11-16 00:51:00");

    String[] columns =
        Table.ARTICLES.columns().stream()
            .filter(c -> !c.equals(Cols.RUN_ID))
            .toArray(String[]::new);
    Dataset<Row> before = articles.localCheckpoint();
    RunContext again =
        RunContext.start(warehouse, Settings.defaults(), LocalDate.parse("2024-06-01"), "ingest");
    RunLog.Accounting second = new IngestJob(again, List.of(source)).run(spark, new RunLog(again));
    assertThat(second).isEqualTo(first);
    Rows.assertSameRows(before, again.warehouse().read(spark, Table.ARTICLES), columns);
  }

  /**
   * A feed that re-sends ids on later days and carries one text under several ids (the six lines of
   * issue 27, then the first id delivered twice and re-sent a week later): one article, and every
   * other record an exact duplicate whose rule says why.
   */
  @Test
  void reSentIdsAndOneTextUnderSeveralIdsAreAllExactDuplicatesOfTheFirst() throws IOException {
    String body = String.join(" ", java.util.Collections.nCopies(15, WIRE)).substring(0, 900);
    String[][] lines = {
      {"g0", "2022-02-04"}, {"g1", "2022-02-10"}, {"g1", "2022-02-11"}, {"g1", "2022-02-13"},
      {"g1", "2022-02-14"}, {"g2", "2022-02-15"}, {"g0", "2022-02-04"}, {"g0", "2022-02-20"}
    };
    StringBuilder dump = new StringBuilder();
    for (String[] l : lines) {
      dump.append(json(l[0], "kyivfeed", null, "", body, l[1]));
    }
    Path in = Files.createDirectories(dir.resolve("resent"));
    Files.writeString(in.resolve("feed.jsonl"), dump.toString());
    RunContext ctx =
        RunContext.start(
            dir.resolve("wh5").toString(), Settings.defaults(), LocalDate.parse("2022-03-01"), "x");
    RunLog.Accounting a =
        new IngestJob(
                ctx, List.of(new SourceSpec(in.toString(), InputFormat.JSONL, Mapping.defaults())))
            .run(TestSpark.session(), new RunLog(ctx));

    assertThat(a).isEqualTo(new RunLog.Accounting(8, 1, 0, 7, 0));
    assertThat(
            Rows.sortedRows(
                ctx.warehouse().read(TestSpark.session(), Table.ARTICLES),
                Cols.RECORD_POSITION,
                "cast(date as string)"))
        .containsExactly("[1,2022-02-04]");
    assertThat(
            Rows.sortedRows(
                ctx.warehouse().read(TestSpark.session(), Table.DUPLICATES),
                Cols.RECORD_POSITION,
                Cols.KIND,
                Cols.RULE))
        .containsExactly(
            "[2,exact,same_text]",
            "[3,exact,same_text]",
            "[4,exact,same_text]",
            "[5,exact,same_text]",
            "[6,exact,same_text]",
            "[7,exact,same_record]",
            "[8,exact,same_id]");
  }

  /**
   * The books are checked before anything is written: a run whose deduplication loses a record
   * (played here by dropping one exact duplicate) fails naming that record, and every table stays
   * as the run before left it.
   */
  @Test
  void aRunWhoseBooksDoNotBalanceWritesNothingAndNamesTheRecord() throws IOException {
    SparkSession spark = TestSpark.session();
    Path in = Files.createDirectories(dir.resolve("books"));
    Files.writeString(
        in.resolve("a.jsonl"),
        json("1", "Wire", null, "Oil", WIRE, "2024-05-16")
            + json("1", "Wire", null, "Oil", WIRE, "2024-05-16")
            + json("2", "Wire", null, "Gas", "Gas prices fell on Friday.", "2024-05-17"));
    SourceSpec source = new SourceSpec(in.toString(), InputFormat.JSONL, Mapping.defaults());
    String warehouse = dir.resolve("wh6").toString();
    RunContext ok = RunContext.start(warehouse, Settings.defaults(), null, "ingest");
    new IngestJob(ok, List.of(source)).run(spark, new RunLog(ok));
    List<String> before = Rows.sortedRows(ok.warehouse().read(spark, Table.ARTICLES), "*");

    Files.writeString(
        in.resolve("b.jsonl"),
        json(
            "3",
            "Wire",
            null,
            "Coal",
            "Coal output rose sharply in the north this spring as miners returned to work.",
            "2024-05-16"));
    RunContext bad = RunContext.start(warehouse, Settings.defaults(), null, "ingest");
    IngestJob losing =
        new IngestJob(bad, List.of(source))
            .afterDeduplication(
                r ->
                    new Deduplicator.Result(
                        r.articles(),
                        r.duplicates().filter(col(Cols.KIND).notEqual("exact")),
                        r.rejects(),
                        r.signatures(),
                        r.storedStates()));
    assertThatThrownBy(() -> losing.run(spark, new RunLog(bad)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("record accounting does not add up, so no table was written")
        .hasMessageContaining("4 records in, accepted 3 + rejected 0 + exact duplicates 0")
        .hasMessageContaining("1 records are in no place or in more than one")
        .hasMessageMatching("(?s).*/books/a\\.jsonl#2 \\(in no place\\).*");
    assertThat(Rows.sortedRows(bad.warehouse().read(spark, Table.ARTICLES), "*"))
        .as("articles after the failed run")
        .isEqualTo(before);
    assertThat(bad.warehouse().read(spark, Table.DUPLICATES).count()).isEqualTo(1);
  }

  @Test
  void aMissingInputFailsTheRunWithItsName() {
    RunContext ctx =
        RunContext.start(dir.resolve("wh2").toString(), Settings.defaults(), null, "ingest");
    SourceSpec missing =
        new SourceSpec(dir.resolve("nothing-here").toString(), InputFormat.CSV, Mapping.defaults());
    assertThatThrownBy(
            () -> new IngestJob(ctx, List.of(missing)).run(TestSpark.session(), new RunLog(ctx)))
        .isInstanceOf(InputMissingException.class)
        .hasMessageContaining("nothing-here")
        .hasMessageContaining("does not exist");
  }

  @Test
  void fieldsFromThePathAndOutletAliases() throws IOException {
    Path in = dir.resolve("bypath");
    Path reuters = Files.createDirectories(in.resolve("reuters.com/2024-05-16"));
    Path ap = Files.createDirectories(in.resolve("apnews.com/2024-05-17"));
    Files.writeString(reuters.resolve("a.txt"), "Oil jumps\n" + WIRE);
    Files.writeString(ap.resolve("b.txt"), "Markets calm\nStocks were little changed on the day.");
    // A file that says its own date keeps it; a file outside the pattern gets no path fields.
    Files.writeString(ap.resolve("c.txt"), " date 2024-05-01 Own date\nA story that dates itself.");
    Mapping mapping =
        Mapping.fromMap(Map.of("path_pattern", "{outlet}/{yyyy}-{MM}-{dd}/*.txt"), "test");
    Settings settings =
        Settings.fromMaps(
            Map.of("ingest", Map.of("outlet_aliases", Map.of("reuters.com", "Reuters"))),
            Map.of(),
            "test");
    RunContext ctx = RunContext.start(dir.resolve("wh4").toString(), settings, null, "ingest");
    RunLog.Accounting a =
        new IngestJob(ctx, List.of(new SourceSpec(in.toString(), InputFormat.TEXT, mapping)))
            .run(TestSpark.session(), new RunLog(ctx));
    assertThat(a.accepted()).isEqualTo(3);
    assertThat(
            Rows.sortedRows(
                ctx.warehouse().read(TestSpark.session(), Table.ARTICLES),
                Cols.OUTLET,
                "cast(date as string)",
                Cols.TITLE))
        .containsExactly(
            "[Reuters,2024-05-16,Oil jumps]",
            "[apnews.com,2024-05-01,Own date]",
            "[apnews.com,2024-05-17,Markets calm]");
  }

  @Test
  void settingsReachTheCanonicaliser() throws IOException {
    Path in = Files.createDirectories(dir.resolve("short"));
    Files.writeString(in.resolve("a.jsonl"), json("1", "X", null, "Two words", null, "2024-01-01"));
    Settings strict = Settings.fromMaps(Map.of(), Map.of("ingest.min_words", "5"), "test");
    RunContext ctx = RunContext.start(dir.resolve("wh3").toString(), strict, null, "ingest");
    RunLog.Accounting a =
        new IngestJob(
                ctx, List.of(new SourceSpec(in.toString(), InputFormat.JSONL, Mapping.defaults())))
            .run(TestSpark.session(), new RunLog(ctx));
    assertThat(a.rejected()).isEqualTo(1);
    assertThat(
            ctx.warehouse()
                .read(TestSpark.session(), Table.REJECTS)
                .first()
                .<String>getAs(Cols.MESSAGE))
        .isEqualTo("2 words, fewer than ingest.min_words=5");
  }
}
