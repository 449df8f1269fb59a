package io.newsdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.io.ModelStore;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.CommandLine;
import io.newsdrift.testing.LogLines;
import io.newsdrift.testing.SharedData;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny and empty inputs are normal: every command succeeds through the command line on a warehouse
 * of one article, of two articles from one outlet, of one day, and on nights that bring nothing new
 * (and on the two {@code seeds} files, whose first night once failed in MLlib's vectorizer). Each
 * writes what can be computed, leaves the rest empty but readable with its columns, and logs one
 * WARN line for each thing it skipped, saying why.
 */
class TinyInputTest {
  private static final String DAY = "2024-05-16";
  private static final String NEXT_DAY = "2024-05-17";

  /**
   * Cheap settings: one grain, few MinHash bands and no rewrite search (the seeds test keeps the
   * defaults), a small topic model without a second seed.
   */
  private static final List<String> FAST =
      List.of(
          "features.grains=week",
          "coverage.grains=week",
          "dedup.bands=8",
          "topics.k=4",
          "topics.max_iter=4",
          "topics.stability_check=false",
          "dedup.rewrite_threshold=1.0");

  // WARN lines, by what they skip (each must appear once in the runs that skip it).
  private static final String NO_VOCABULARY =
      "WARN FeaturesJob: features: a new vocabulary would have 0 terms";
  private static final String NO_TERM_STATS = "term_stats and distinctive_terms left empty";
  private static final String FIT_NO_VOCABULARY =
      "WARN TopicsJob: topics fit skipped: no vocabulary is frozen yet";
  private static final String FIT_TOO_FEW =
      "training articles have vocabulary terms, fewer than topics.k=4";
  private static final String APPLY_NO_MODEL =
      "WARN TopicsJob: topics apply skipped: no topic model";
  private static final String COVERAGE_NO_TOPICS =
      "WARN CoverageJob: coverage: topic_prevalence, outlet_divergence and the topic rows of shifts"
          + " left empty: doc_topics has no rows";
  private static final String NOTHING_NEW = "WARN IngestJob: ingest: no new articles";
  private static final String NOTHING_READ = "WARN IngestJob: ingest: no file is new or changed";
  private static final String REPORT_NO_MODEL =
      "WARN ReportJob: report: left empty: topic prevalence (no topic model yet)";

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  /** One command line's outcome. */
  private record Run(int code, String out, String err, List<String> warnings) {
    /** Exit 0, no stack trace, and exactly one WARN line containing each part, no other. */
    Run expectWarnings(String... parts) {
      assertThat(code).as("exit code; stderr:%n%s", err).isZero();
      assertThat(err).as("no exception reaches the user").doesNotContain("Exception");
      assertThat(warnings).as("WARN lines").hasSize(parts.length);
      for (String part : parts) {
        assertThat(warnings).as("WARN lines").filteredOn(w -> w.contains(part)).hasSize(1);
      }
      return this;
    }
  }

  private Run run(List<String> settings, String... argv) {
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    settings.forEach(s -> args.addAll(List.of("--set", s)));
    try (LogLines logged = LogLines.warnings()) {
      CommandLine.Run run = CommandLine.run(spark, args.toArray(String[]::new));
      return new Run(run.code(), run.out(), run.err(), logged.lines());
    }
  }

  private Run run(String... argv) {
    return run(FAST, argv);
  }

  private Run nightly(List<String> settings, String wh, String date, Object input, String format) {
    return run(
        settings,
        "nightly",
        "--warehouse",
        wh,
        "--date",
        date,
        "--input",
        input.toString(),
        "--format",
        format);
  }

  private Run backfill(
      List<String> settings, String wh, String from, String to, Object input, String format) {
    return run(
        settings,
        "backfill",
        "--warehouse",
        wh,
        "--from",
        from,
        "--to",
        to,
        "--input",
        input.toString(),
        "--format",
        format);
  }

  private Run ingest(List<String> settings, String wh, Object input, String format) {
    return run(
        settings, "ingest", "--warehouse", wh, "--input", input.toString(), "--format", format);
  }

  /** Every table reads back with its columns; the counts are those given, others any. */
  private void assertTables(String warehouse, Map<Table, Long> rows) {
    Warehouse wh = new Warehouse(warehouse);
    for (Table t : Table.values()) {
      assertThat(wh.exists(spark, t)).as("table %s exists", t.tableName()).isTrue();
      Dataset<Row> df = wh.read(spark, t);
      assertThat(df.columns())
          .as("columns of %s", t.tableName())
          .containsExactlyInAnyOrderElementsOf(t.columns());
      if (rows.containsKey(t)) {
        assertThat(df.count()).as("rows of %s", t.tableName()).isEqualTo(rows.get(t));
      }
    }
    Dataset<Row> runs = wh.readIfExists(spark, "runs").orElseThrow();
    assertThat(runs.filter("status <> 'succeeded'").count()).as("failed runs").isZero();
  }

  private static Map<Table, Long> counts(Object... tableAndCount) {
    Map<Table, Long> out = new EnumMap<>(Table.class);
    for (int i = 0; i < tableAndCount.length; i += 2) {
      out.put((Table) tableAndCount[i], ((Number) tableAndCount[i + 1]).longValue());
    }
    return out;
  }

  /** What no topic model leaves: the topic tables with their columns and no rows. */
  private static final Object[] NO_TOPICS = {
    Table.TOPIC_TERMS, 0,
    Table.TOPIC_QUALITY, 0,
    Table.DOC_TOPICS, 0,
    Table.TOPIC_PREVALENCE, 0,
    Table.OUTLET_DIVERGENCE, 0
  };

  private static Object[] with(Object[] base, Object... more) {
    Object[] out = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  private Path folder(String name, String file, String content) throws IOException {
    Path in = Files.createDirectories(dir.resolve(name));
    Files.writeString(in.resolve(file), content);
    return in;
  }

  private static String article(String id, String outlet, String title, String text) {
    return String.format(
        "{\"id\":\"%s\",\"outlet\":\"%s\",\"url\":\"https://%s/%s\",\"title\":\"%s\","
            + "\"text\":\"%s\",\"date\":\"%s\"}%n",
        id, outlet, outlet, id, title, text, DAY);
  }

  /** The commands that read the warehouse only, in order, each expected to warn as given. */
  private void readCommands(String wh, List<String> settings, String[][] warnings) {
    run(settings, "features", "--warehouse", wh).expectWarnings(warnings[0]);
    run(settings, "topics", "fit", "--warehouse", wh).expectWarnings(warnings[1]);
    run(settings, "topics", "apply", "--warehouse", wh).expectWarnings(warnings[2]);
    run(settings, "coverage", "--warehouse", wh).expectWarnings(warnings[3]);
    Path report = dir.resolve("report-" + Path.of(wh).getFileName());
    run(settings, "report", "--warehouse", wh, "--out", report.toString())
        .expectWarnings(warnings[4]);
    assertThat(report.resolve("index.html")).isNotEmptyFile();
  }

  @Test
  void oneArticle() throws IOException {
    Path seed = SharedData.resolve("seeds");
    Path in;
    try (var files = Files.list(seed)) {
      Path first = files.sorted().findFirst().orElseThrow();
      in = Files.createDirectories(dir.resolve("one"));
      Files.copy(first, in.resolve(first.getFileName()));
    }
    String wh = dir.resolve("wh-one").toString();
    String[] night = {NO_VOCABULARY, FIT_NO_VOCABULARY, COVERAGE_NO_TOPICS};
    Run first = nightly(FAST, wh, DAY, in, "text").expectWarnings(night);
    assertThat(first.out()).contains("records=1 accepted=1").contains("model_id=none");
    assertThat(first.warnings()).anyMatch(w -> w.contains(NO_TERM_STATS));
    assertThat(new ModelStore(new Warehouse(wh)).currentVocabulary(spark))
        .as("no vocabulary of 0 terms is frozen")
        .isEmpty();
    Object[] expected =
        with(NO_TOPICS, Table.ARTICLES, 1, Table.TERM_STATS, 0, Table.DISTINCTIVE_TERMS, 0);
    assertTables(wh, counts(expected));
    assertThat(new Warehouse(wh).read(spark, Table.THEME_ATTENTION).count())
        .as("theme attention is computable from one article")
        .isPositive();

    backfill(FAST, wh, DAY, DAY, in, "text").expectWarnings(night);
    ingest(FAST, wh, in, "text").expectWarnings();
    readCommands(
        wh,
        FAST,
        new String[][] {
          {NO_VOCABULARY},
          {FIT_NO_VOCABULARY},
          {APPLY_NO_MODEL},
          {COVERAGE_NO_TOPICS},
          {REPORT_NO_MODEL}
        });
    assertTables(wh, counts(expected));
  }

  @Test
  void twoArticlesFromOneOutlet() throws IOException {
    Path in =
        folder(
            "two",
            "metro.jsonl",
            article(
                    "m1",
                    "metro.example",
                    "Gas prices climb",
                    "Natural gas prices climbed again as the energy ministry warned of shortages"
                        + " this winter and utilities raised their tariffs for households.")
                + article(
                    "m2",
                    "metro.example",
                    "Council votes on the budget",
                    "The city council voted on the budget for schools and hospitals after a"
                        + " heated debate about taxes, spending and energy bills."));
    // Every term counts, so the vocabulary has terms, but two articles are fewer than k topics.
    List<String> settings = new ArrayList<>(FAST);
    settings.add("features.min_doc_freq=1");
    String wh = dir.resolve("wh-two").toString();
    String[] night = {FIT_TOO_FEW, COVERAGE_NO_TOPICS};
    Run first = nightly(settings, wh, DAY, in, "jsonl").expectWarnings(night);
    assertThat(first.out()).contains("records=2 accepted=2").contains("model_id=none");
    assertThat(first.warnings()).anyMatch(w -> w.startsWith("WARN TopicsJob: topics fit skipped"));
    // One outlet and one period: nothing to set its terms apart from, so no distinctive terms.
    Object[] expected = with(NO_TOPICS, Table.ARTICLES, 2, Table.DISTINCTIVE_TERMS, 0);
    assertTables(wh, counts(expected));
    assertThat(new Warehouse(wh).read(spark, Table.TERM_STATS).count()).isPositive();

    backfill(settings, wh, DAY, DAY, in, "jsonl").expectWarnings(night);
    ingest(settings, wh, in, "jsonl").expectWarnings();
    readCommands(
        wh,
        settings,
        new String[][] {
          {}, {FIT_TOO_FEW}, {APPLY_NO_MODEL}, {COVERAGE_NO_TOPICS}, {REPORT_NO_MODEL}
        });
    assertTables(wh, counts(expected));
  }

  /** Eight articles of one day from three outlets, sharing enough words for a small model. */
  private Path oneDayInput() throws IOException {
    String[] outlets = {"metro.example", "daily.example", "wire.example"};
    String[] texts = {
      "The government said energy prices would fall next week, the minister told officials.",
      "Officials at the ministry expect gas prices to stay high, the government minister said.",
      "Ukraine asked allies for air defence this week as officials in Kyiv met the minister.",
      "The trade minister said tariffs on steel would rise, and officials expect higher prices.",
      "Farmers protested against grain imports this week; the government promised officials talks.",
      "Oil prices rose after exporters cut output, and the energy minister met officials.",
      "The government and the minister agreed a budget this week after officials argued.",
      "Kyiv officials said the government of Ukraine needs more support, the minister said."
    };
    StringBuilder day = new StringBuilder();
    for (int i = 0; i < texts.length; i++) {
      day.append(article("d" + i, outlets[i % outlets.length], "Report " + i, texts[i]));
    }
    return folder("day", "day.jsonl", day.toString());
  }

  @Test
  void oneDayThenANightWithNothingNew() throws IOException {
    Path in = oneDayInput();
    String wh = dir.resolve("wh-day").toString();
    Run first = nightly(FAST, wh, DAY, in, "jsonl").expectWarnings();
    assertThat(first.out()).contains("records=8 accepted=8").doesNotContain("model_id=none");
    assertTables(wh, counts(Table.ARTICLES, 8, Table.TOPIC_QUALITY, 5));
    Warehouse w = new Warehouse(wh);
    for (Table t :
        List.of(
            Table.TERM_STATS,
            Table.DISTINCTIVE_TERMS,
            Table.TOPIC_TERMS,
            Table.DOC_TOPICS,
            Table.THEME_ATTENTION,
            Table.TOPIC_PREVALENCE,
            Table.SHIFTS,
            Table.OUTLET_DIVERGENCE)) {
      assertThat(w.read(spark, t).count()).as("rows of %s", t.tableName()).isPositive();
    }
    long docTopics = w.read(spark, Table.DOC_TOPICS).count();

    backfill(FAST, wh, DAY, DAY, in, "jsonl").expectWarnings();
    ingest(FAST, wh, in, "jsonl").expectWarnings();
    // Every period is thin (fewer than coverage.min_articles), so the report has no prevalence.
    readCommands(
        wh,
        FAST,
        new String[][] {
          {}, {}, {}, {}, {"WARN ReportJob: report: left empty: topic prevalence (no weekly period"}
        });

    // A new vocabulary from too little text keeps the frozen one.
    String frozen = new ModelStore(w).currentVocabulary(spark).orElseThrow().version();
    List<String> strict = new ArrayList<>(FAST);
    strict.add("features.min_doc_freq=1000");
    Run kept =
        run(strict, "features", "--new-vocabulary", "--warehouse", wh)
            .expectWarnings("kept the frozen vocabulary " + frozen);
    assertThat(kept.out()).contains("vocab_version=" + frozen);

    // The next night brings nothing new: it reads no file, and the tables keep their rows.
    Run quiet = nightly(FAST, wh, NEXT_DAY, in, "jsonl").expectWarnings(NOTHING_READ);
    assertThat(quiet.out()).contains("records=0").contains("accepted=0");
    backfill(FAST, wh, NEXT_DAY, NEXT_DAY, in, "jsonl").expectWarnings(NOTHING_NEW);
    Path none = folder("none", "empty.jsonl", "");
    ingest(FAST, wh, none, "jsonl").expectWarnings(NOTHING_NEW);
    assertTables(wh, counts(Table.ARTICLES, 8, Table.DOC_TOPICS, docTopics));

    // A fit over a day without articles keeps the current model and applies it to that day.
    String model = new ModelStore(w).currentTopicModel(spark).orElseThrow();
    Run noFit =
        run("topics", "fit", "--from", NEXT_DAY, "--to", NEXT_DAY, "--warehouse", wh)
            .expectWarnings("the current model " + model + " stays current and is applied");
    assertThat(noFit.out()).contains("model_id=" + model);
    assertTables(wh, counts(Table.ARTICLES, 8, Table.DOC_TOPICS, docTopics));
  }

  @Test
  void aFirstNightWithNothingNew() throws IOException {
    Path none = folder("nothing", "empty.jsonl", "");
    String wh = dir.resolve("wh-empty").toString();
    String[] night = {NOTHING_NEW, NO_VOCABULARY, FIT_NO_VOCABULARY, COVERAGE_NO_TOPICS};
    nightly(FAST, wh, DAY, none, "jsonl").expectWarnings(night);
    Object[] expected =
        with(
            NO_TOPICS,
            Table.ARTICLES,
            0,
            Table.TERM_STATS,
            0,
            Table.DISTINCTIVE_TERMS,
            0,
            Table.THEME_ATTENTION,
            0);
    assertTables(wh, counts(expected));
    backfill(FAST, wh, DAY, DAY, none, "jsonl").expectWarnings(night);
    ingest(FAST, wh, none, "jsonl").expectWarnings(NOTHING_NEW);
    readCommands(
        wh,
        FAST,
        new String[][] {
          {NO_VOCABULARY},
          {FIT_NO_VOCABULARY},
          {APPLY_NO_MODEL},
          {COVERAGE_NO_TOPICS},
          {"WARN ReportJob: report: left empty: theme attention"}
        });
    assertTables(wh, counts(expected));
  }

  /** The first night on the two seeds files with the default settings once failed in MLlib. */
  @Test
  void aFirstNightOnTheSeeds() {
    String wh = dir.resolve("wh-seeds").toString();
    Run night =
        nightly(List.of(), wh, DAY, SharedData.resolve("seeds"), "text")
            .expectWarnings(NO_VOCABULARY, FIT_NO_VOCABULARY, COVERAGE_NO_TOPICS);
    assertThat(night.out()).contains("records=2 accepted=1").contains("near_duplicates=1");
    assertTables(wh, counts(with(NO_TOPICS, Table.ARTICLES, 2, Table.DUPLICATES, 2)));
  }
}
