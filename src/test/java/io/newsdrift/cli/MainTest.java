package io.newsdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsdrift.config.ConfigException;
import io.newsdrift.config.Keys;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.Rows;
import io.newsdrift.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs the command line; parse errors never reach Spark, runs use the tests' session. */
  private int run(String... argv) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Main.Invocation inv;
    try {
      inv = Main.parse(argv);
    } catch (ConfigException ex) {
      return Main.run(argv, o, e); // the same parse fails again and prints
    }
    return Main.execute(inv, TestSpark.session(), o, e);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badUsageExitsTwoNamingTheOption() {
    assertThat(run("ingest", "--inptu", "x")).isEqualTo(2);
    assertThat(err()).contains("unknown option --inptu").contains("usage: newsdrift COMMAND");
  }

  @Test
  void missingRequiredOptionsAreNamed() {
    assertThat(run("ingest", "--format", "jsonl")).isEqualTo(2);
    assertThat(err()).contains("--input and --format go together");
    out.reset();
    err.reset();
    assertThat(run("nightly")).isEqualTo(2);
    assertThat(err()).contains("nightly needs --date YYYY-MM-DD");
  }

  @Test
  void badValuesAreNamed() {
    assertThat(run("nightly", "--date", "2024-02-30")).isEqualTo(2);
    assertThat(err()).contains("option --date must be a date YYYY-MM-DD, not '2024-02-30'");
    err.reset();
    assertThat(run("ingest", "--input", "x", "--format", "xml")).isEqualTo(2);
    assertThat(err()).contains("--format must be one of jsonl|csv|parquet|text, not 'xml'");
    err.reset();
    assertThat(run("coverage", "--set", "coverage.min_articels=3")).isEqualTo(2);
    assertThat(err())
        .contains("unknown config key 'coverage.min_articels'")
        .contains("coverage.min_articles");
    err.reset();
    assertThat(run("topics")).isEqualTo(2);
    assertThat(err()).contains("'topics' needs 'fit', 'apply' or 'sweep'");
    err.reset();
    assertThat(run("topics", "sweep")).isEqualTo(2);
    assertThat(err()).contains("'topics sweep' needs --k with the numbers of topics");
    err.reset();
    assertThat(run("topics", "fit", "--k", "10")).isEqualTo(2);
    assertThat(err()).contains("option --k applies to 'topics sweep' only");
    err.reset();
    assertThat(run("topics", "sweep", "--k", "10,x")).isEqualTo(2);
    assertThat(err()).contains("option --k: 'x' is not a whole number");
    err.reset();
    assertThat(run("topics", "fit", "--sample", "2")).isEqualTo(2);
    assertThat(err()).contains("config key 'topics.sample_fraction' has an invalid value '2'");
    err.reset();
    assertThat(run("topics", "fit", "--set", "topics.seeded_themes=ukraine,sport")).isEqualTo(2);
    assertThat(err())
        .contains("config key 'topics.seeded_themes' names 'sport', which is not a theme");
    err.reset();
    assertThat(run("topics", "fit", "--set", "topics.k=3")).isEqualTo(2);
    assertThat(err()).contains("seeds 3 themes but 'topics.k' is 3");
    err.reset();
    assertThat(run("demo", "--date", "2024-01-01")).isEqualTo(2);
    assertThat(err()).contains("option --date does not apply to 'demo'");
  }

  /**
   * The command line builds every stage's config before Spark starts, whatever the command: a key
   * only a later stage reads fails parsing, and the jobs get the parsed values.
   */
  @Test
  void everyCommandChecksTheWholeConfigBeforeSparkStarts() {
    for (String[] argv :
        List.of(
            new String[] {"coverage"},
            new String[] {"features"},
            new String[] {"maintain"},
            new String[] {"report", "--out", dir.toString()},
            new String[] {"ingest", "--input", dir.toString(), "--format", "jsonl"})) {
      List<String> line = new ArrayList<>(List.of(argv));
      line.addAll(List.of("--set", "topics.k=3"));
      assertThatThrownBy(() -> Main.parse(line.toArray(String[]::new)))
          .as(String.join(" ", argv))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("seeds 3 themes but 'topics.k' is 3");
    }
    Main.Invocation inv =
        Main.parse(
            new String[] {
              "maintain", "--set", "maintenance.keep_runs=4", "--set", "nightly.late_days=9"
            });
    assertThat(inv.config().maintenance().keepRuns()).isEqualTo(4);
    assertThat(inv.config().nightly().lateDays()).isEqualTo(9);
    assertThat(inv.config().settings().get(Keys.NIGHTLY_LATE_DAYS)).isEqualTo(9);
  }

  @Test
  void secretsOnTheCommandLineAreNeverEchoed() {
    // A key typed without '=': the secret becomes a stray word, never printed back.
    assertThat(
            run(
                "ingest",
                "--input",
                "x",
                "--format",
                "jsonl",
                "--conf",
                "spark.hadoop.fs.s3a.secret.key",
                "stray-secret-value"))
        .isEqualTo(2);
    assertThat(err())
        .contains("option --conf takes key=value, not 'spark.hadoop.fs.s3a.secret.key'")
        .doesNotContain("stray-secret-value");
    err.reset();
    // Keys inside a URI: refused before Spark starts, the URI not repeated.
    assertThat(run("features", "--warehouse", "s3a://AKIAX:uri-secret-value@bucket/wh"))
        .isEqualTo(2);
    assertThat(err()).contains("--warehouse holds login details").doesNotContain("uri-secret");
    err.reset();
    assertThat(run("ingest", "--input", "s3a://AKIAX:uri-secret-value@b/raw", "--format", "csv"))
        .isEqualTo(2);
    assertThat(err()).contains("the input holds login details").doesNotContain("uri-secret");
  }

  @Test
  void helpExitsZero() {
    assertThat(Main.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(err)))
        .isZero();
    assertThat(out()).contains("nightly  --date YYYY-MM-DD");
  }

  private Path unseenJsonl() throws Exception {
    Path in = Files.createDirectories(dir.resolve("feed"));
    Files.writeString(
        in.resolve("day1.jsonl"),
        "{\"headline\":\"Gas prices climb\",\"body_html\":\"<p>Natural gas prices climbed again on Monday.</p>\","
            + "\"source\":\"Metro Post\",\"published\":\"Mon, 15 Jan 2024 09:30:00 GMT\",\"link\":\"https://metro.example/1\"}\n"
            + "{\"headline\":\"Council votes on budget\",\"body_html\":\"The city council voted on the budget.\","
            + "\"source\":\"Metro Post\",\"published\":\"Tue, 16 Jan 2024 10:00:00 GMT\",\"link\":\"https://metro.example/2\"}\n");
    return in;
  }

  @Test
  void ingestsAnUnseenFolderWithAMappingOnTheCommandLine() throws Exception {
    Path in = unseenJsonl();
    String warehouse = dir.resolve("wh").toString();
    int code =
        run(
            "ingest",
            "--warehouse",
            warehouse,
            "--input",
            in.toString(),
            "--format",
            "jsonl",
            "--map",
            "title=headline,body=body_html,outlet=source,date=published,url=link",
            "--date",
            "2024-01-20");
    assertThat(code).as(err()).isZero();
    assertThat(out())
        .containsPattern(
            "newsdrift ingest ok run_id=\\S+ records=2 accepted=2 rejected=0 exact_duplicates=0 near_duplicates=0 warehouse=\\S+");
    Dataset<Row> articles = new Warehouse(warehouse).read(TestSpark.session(), Table.ARTICLES);
    assertThat(Rows.sortedRows(articles, Cols.OUTLET, "cast(date as string)", Cols.TEXT))
        .containsExactly(
            "[Metro Post,2024-01-15,Natural gas prices climbed again on Monday.]",
            "[Metro Post,2024-01-16,The city council voted on the budget.]");
    Dataset<Row> runs =
        new Warehouse(warehouse).readIfExists(TestSpark.session(), "runs").orElseThrow();
    Row run = runs.first();
    assertThat(run.<String>getAs("status")).isEqualTo("succeeded");
    assertThat(run.<Long>getAs("records_in")).isEqualTo(2L);
    assertThat(run.<Object>getAs("logical_date").toString()).isEqualTo("2024-01-20");
  }

  @Test
  void ingestsWithSourcesAndAMappingInAConfigFile() throws Exception {
    Path in = unseenJsonl();
    Path config = dir.resolve("newsdrift.yaml");
    Files.writeString(
        config,
        "sources:\n"
            + "  - input: "
            + in
            + "\n"
            + "    format: jsonl\n"
            + "    mapping: {title: headline, body: body_html, outlet: source, date: published, url: link}\n");
    int code =
        run("ingest", "--warehouse", dir.resolve("wh2").toString(), "--config", config.toString());
    assertThat(code).as(err()).isZero();
    assertThat(out()).contains("records=2 accepted=2");
  }

  @Test
  void aMissingInputIsAFailedRunThatNamesIt() {
    String warehouse = dir.resolve("wh3").toString();
    int code =
        run(
            "ingest",
            "--warehouse",
            warehouse,
            "--input",
            dir.resolve("nope").toString(),
            "--format",
            "csv");
    assertThat(code).isEqualTo(1);
    assertThat(err())
        .contains("newsdrift ingest failed")
        .contains("nope")
        .contains("does not exist");
    Row run =
        new Warehouse(warehouse).readIfExists(TestSpark.session(), "runs").orElseThrow().first();
    assertThat(run.<String>getAs("status")).isEqualTo("failed");
    assertThat(run.<String>getAs("message")).contains("does not exist");
  }
}
