package io.newsdrift.cli;

import io.newsdrift.config.ConfigException;
import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Keys;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.config.TopicsConfig;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.StorageErrors;
import io.newsdrift.io.WriterLock;
import io.newsdrift.jobs.CoverageJob;
import io.newsdrift.jobs.DemoJob;
import io.newsdrift.jobs.FeaturesJob;
import io.newsdrift.jobs.IngestJob;
import io.newsdrift.jobs.MaintainJob;
import io.newsdrift.jobs.NightlyJob;
import io.newsdrift.jobs.Pipeline;
import io.newsdrift.jobs.ReportJob;
import io.newsdrift.jobs.RunContext;
import io.newsdrift.jobs.RunHistory;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.jobs.TopicsJob;
import io.newsdrift.spark.Secrets;
import io.newsdrift.spark.SparkSessions;
import io.newsdrift.topics.TopicSweep;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The command line: {@code newsdrift COMMAND [options]}. Parses and validates everything before a
 * SparkSession starts, then calls one job. Exit codes: 0 success, 2 bad usage or configuration (the
 * message names the option or key), 1 a failed run. One summary line per run on stdout.
 */
public final class Main {
  static final String USAGE =
      String.join(
          "\n",
          "usage: newsdrift COMMAND [options]",
          "",
          "commands:",
          "  ingest   --input URI --format jsonl|csv|parquet|text [--mapping FILE] [--map key=field,...] [--date D]",
          "  features [--new-vocabulary]",
          "  topics fit    [--from D] [--to D] [--sample F]   fit, save a model version, apply it",
          "  topics apply  [--from D] [--to D]                doc_topics with the current model",
          "  topics sweep  --k 10,20,40 [--from D] [--to D] [--sample F]   fit each k, recommend one",
          "  coverage",
          "  nightly  --date YYYY-MM-DD [--input URI --format F [--mapping FILE]] [--refit-topics]",
          "  backfill --from YYYY-MM-DD --to YYYY-MM-DD [--input URI --format F [--mapping FILE]]",
          "  demo     [--articles N] [--corpus DIR]",
          "  report   --out DIR [--as-of RUN_ID]   (an HTML report over the tables, or over them as a past run left them)",
          "  maintain (weekly upkeep: expire old snapshots, remove orphan files, compact small files)",
          "",
          "common options:",
          "  --warehouse URI   where the tables are (default ./warehouse)",
          "  --config FILE     YAML config; every key has a default (docs/configuration.md)",
          "  --set key=value   override one config key (repeatable)",
          "  --conf k=v        a Spark or Hadoop setting, e.g. spark.hadoop.fs.s3a.endpoint=... (repeatable)",
          "  --help            this text");

  private static final Set<String> OPTIONS =
      Set.of(
          "warehouse",
          "config",
          "set",
          "conf",
          "input",
          "format",
          "mapping",
          "map",
          "date",
          "from",
          "to",
          "articles",
          "corpus",
          "out",
          "as-of",
          "k",
          "sample");
  private static final Set<String> FLAGS = Set.of("help", "new-vocabulary", "refit-topics");
  private static final Map<String, Set<String>> COMMAND_OPTIONS =
      Map.of(
          "ingest", Set.of("input", "format", "mapping", "map", "date"),
          "features", Set.of("new-vocabulary"),
          "topics", Set.of("from", "to", "sample", "k"),
          "coverage", Set.of(),
          "nightly", Set.of("date", "input", "format", "mapping", "map", "refit-topics"),
          "backfill", Set.of("from", "to", "input", "format", "mapping", "map", "refit-topics"),
          "demo", Set.of("articles", "corpus"),
          "report", Set.of("out", "as-of"),
          "maintain", Set.of());

  /** model_id and vocab_version in the summary while too few articles gave none yet. */
  static final String NONE = "none";

  /** Commands that write nothing to the tables, so take no writer lock. */
  private static final Set<String> READ_ONLY = Set.of("report");

  /** Exit code of a run refused because another run is writing the warehouse. */
  static final int BUSY = 3;

  private static final Set<String> COMMON = Set.of("warehouse", "config", "set", "conf", "help");

  private Main() {}

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    Invocation inv;
    try {
      inv = parse(argv);
    } catch (ConfigException e) {
      err.println("newsdrift: " + e.getMessage());
      if (e instanceof UsageException) {
        err.println();
        err.println(USAGE);
      }
      return 2;
    }
    if (inv == null) {
      out.println(USAGE);
      return 0;
    }
    SparkSession spark =
        SparkSessions.forCommandLine("newsdrift " + inv.command(), inv.sparkConf());
    try {
      return execute(inv, spark, out, err);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs a command line on an existing session, which it does not stop (a notebook's or a test's);
   * {@code --conf} options are not applied to it. Returns the exit code.
   */
  public static int runOn(SparkSession spark, String[] argv, PrintStream out, PrintStream err) {
    Invocation inv;
    try {
      inv = parse(argv);
    } catch (ConfigException e) {
      err.println("newsdrift: " + e.getMessage());
      return 2;
    }
    if (inv == null) {
      out.println(USAGE);
      return 0;
    }
    return execute(inv, spark, out, err);
  }

  /** Runs a parsed invocation on a given session (which it does not stop). */
  static int execute(Invocation inv, SparkSession spark, PrintStream out, PrintStream err) {
    SparkSessions.prepare(spark);
    RunContext ctx =
        RunContext.start(inv.warehouse(), inv.settings(), inv.logicalDate(), inv.command());
    RunLog log = new RunLog(ctx);
    WriterLock lock = null;
    try {
      // Taken inside the run's error handling: an unreachable warehouse fails the run with the
      // same message (and spooled runs row) as any other storage failure.
      lock =
          READ_ONLY.contains(inv.command())
              ? null
              : WriterLock.acquire(
                  ctx.warehouse(),
                  spark.sparkContext().hadoopConfiguration(),
                  ctx.runId(),
                  inv.command());
      return run(inv, ctx, spark, log, out);
    } catch (WriterLock.WarehouseBusyException e) {
      // Another writer holds the warehouse: this run never started, so it leaves no runs row.
      err.println("newsdrift " + inv.command() + ": " + e.getMessage());
      return BUSY;
    } catch (ConfigException e) {
      log.finish(spark, false, e.getMessage());
      err.println("newsdrift: " + e.getMessage());
      return 2;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      // Messages and traces come from Hadoop and the AWS SDK: blank any secret they might carry.
      String message =
          Secrets.redact(
              StorageErrors.unreachableEndpoint(e, hadoop).orElseGet(() -> rootMessage(e)), hadoop);
      log.finish(spark, false, message);
      err.println("newsdrift " + inv.command() + " failed run_id=" + ctx.runId() + ": " + message);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(Secrets.redact(trace.toString(), hadoop));
      return 1;
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private static int run(
      Invocation inv, RunContext ctx, SparkSession spark, RunLog log, PrintStream out) {
    RunLog.appendSpooled(spark, ctx.warehouse());
    if (inv.from() != null) {
      log.dateRange(inv.from(), inv.to());
    }
    String summary = inv.action().run(ctx, spark, log);
    log.finish(spark, true, null);
    int eol = summary.indexOf('\n');
    out.println(
        "newsdrift "
            + inv.command()
            + " ok run_id="
            + ctx.runId()
            + " "
            + (eol < 0 ? summary : summary.substring(0, eol))
            + " warehouse="
            + ctx.warehouse().root());
    if (eol >= 0) {
      out.println(summary.substring(eol + 1));
    }
    return 0;
  }

  /**
   * Keys in a URI ({@code s3a://KEY:SECRET@bucket/}) would be printed wherever the URI is (Hadoop
   * logs it before refusing it, the summary line names the warehouse): stop before Spark starts,
   * without echoing it.
   */
  private static void refuseLogins(String what, String uri) {
    if (Secrets.hasLogin(uri)) {
      throw new ConfigException(
          what
              + " holds login details (scheme://KEY:SECRET@...), which are never accepted: give"
              + " S3 keys in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or as"
              + " --conf spark.hadoop.fs.s3a.access.key=... --conf spark.hadoop.fs.s3a.secret.key=...");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** What one command does once the session exists; returns the summary's details. */
  @FunctionalInterface
  interface Action {
    String run(RunContext ctx, SparkSession spark, RunLog log);
  }

  /** A validated command line. */
  record Invocation(
      String command,
      String warehouse,
      Settings settings,
      Map<String, String> sparkConf,
      LocalDate logicalDate,
      LocalDate from,
      LocalDate to,
      Action action) {}

  /** Parses and validates; null for {@code --help}. */
  static Invocation parse(String[] argv) {
    Args args = Args.parse(argv, OPTIONS, FLAGS);
    if (args.has("help") || argv.length == 0) {
      return null;
    }
    // Before any message echoes a word: a secret typed after `--conf KEY` (without '=') is a
    // stray word, and the "unexpected argument" message would print it.
    Map<String, String> sparkConf = args.pairs("conf");
    if (args.words().isEmpty()) {
      throw new UsageException("no command given");
    }
    String command = args.words().get(0);
    Set<String> allowed = COMMAND_OPTIONS.get(command);
    if (allowed == null) {
      throw new UsageException("unknown command '" + command + "'");
    }
    for (String given : OPTIONS) {
      if (args.has(given) && !COMMON.contains(given) && !allowed.contains(given)) {
        throw new UsageException("option --" + given + " does not apply to '" + command + "'");
      }
    }
    for (String flag : FLAGS) {
      if (args.has(flag) && !COMMON.contains(flag) && !allowed.contains(flag)) {
        throw new UsageException("option --" + flag + " does not apply to '" + command + "'");
      }
    }
    String sub = args.words().size() > 1 ? args.words().get(1) : null;
    if (command.equals("topics")
        ? sub == null || !Set.of("fit", "apply", "sweep").contains(sub) || args.words().size() > 2
        : args.words().size() > 1) {
      throw new UsageException(
          command.equals("topics")
              ? "'topics' needs 'fit', 'apply' or 'sweep'"
              : "unexpected argument '" + args.words().get(1) + "' after '" + command + "'");
    }
    String configFile = args.get("config", null);
    Map<String, String> overrides = new LinkedHashMap<>(args.pairs("set"));
    if (args.has("sample")) {
      overrides.put(Keys.TOPICS_SAMPLE_FRACTION.name(), args.get("sample", null));
    }
    Settings settings = Settings.load(configFile == null ? null : Path.of(configFile), overrides);
    String warehouse = args.get("warehouse", "warehouse");
    LocalDate date = args.date("date");
    LocalDate from = args.date("from");
    LocalDate to = args.date("to");

    List<SourceSpec> sources = sources(args, settings);
    refuseLogins("--warehouse", warehouse);
    for (SourceSpec source : sources) {
      refuseLogins("the input", source.input());
    }
    String name = sub == null ? command : command + " " + sub;
    Action action =
        switch (command) {
          case "ingest" -> {
            if (sources.isEmpty()) {
              throw new UsageException(
                  "ingest needs --input URI and --format jsonl|csv|parquet|text (or 'sources' in --config)");
            }
            yield (ctx, spark, log) -> accounting(new IngestJob(ctx, sources).run(spark, log));
          }
          case "features" -> {
            boolean fresh = args.has("new-vocabulary");
            yield (ctx, spark, log) ->
                "vocab_version="
                    + new FeaturesJob(ctx, fresh)
                        .run(spark, log)
                        .map(Vocabulary::version)
                        .orElse(NONE);
          }
          case "topics" -> {
            TopicsConfig.from(settings); // checked before Spark starts
            if (from != null && to != null && from.isAfter(to)) {
              throw new ConfigException("option --from (" + from + ") is after --to (" + to + ")");
            }
            if (args.has("k") != "sweep".equals(sub)) {
              throw new UsageException(
                  "sweep".equals(sub)
                      ? "'topics sweep' needs --k with the numbers of topics (example: --k 10,20,40)"
                      : "option --k applies to 'topics sweep' only; set topics.k for one model");
            }
            if (args.has("sample") && "apply".equals(sub)) {
              throw new UsageException("option --sample does not apply to 'topics apply'");
            }
            yield switch (sub) {
              case "fit" ->
                  (ctx, spark, log) ->
                      "model_id=" + new TopicsJob(ctx, from, to).fit(spark, log).orElse(NONE);
              case "apply" ->
                  (ctx, spark, log) ->
                      "model_id=" + new TopicsJob(ctx, from, to).apply(spark, log).orElse(NONE);
              default -> {
                List<Integer> ks = topicCounts(args.get("k", ""));
                yield (ctx, spark, log) -> {
                  TopicSweep.Recommendation r = new TopicsJob(ctx, from, to).sweep(spark, log, ks);
                  log.modelId(r.choice().modelId());
                  return "recommended_k="
                      + r.choice().k()
                      + " model_id="
                      + r.choice().modelId()
                      + " reason=\""
                      + r.reason()
                      + "\"";
                };
              }
            };
          }
          case "coverage" ->
              (ctx, spark, log) -> {
                new CoverageJob(ctx).run(spark, log);
                return "tables=theme_attention,topic_prevalence,shifts,outlet_divergence";
              };
          case "nightly" -> {
            if (date == null) {
              throw new UsageException("nightly needs --date YYYY-MM-DD (the logical date, UTC)");
            }
            TopicsConfig.from(settings); // checked before Spark starts
            boolean refit = args.has("refit-topics");
            yield (ctx, spark, log) ->
                scheduled(NightlyJob.nightly(ctx, sources, date, refit).run(spark, log));
          }
          case "backfill" -> {
            if (from == null || to == null) {
              throw new UsageException("backfill needs --from YYYY-MM-DD and --to YYYY-MM-DD");
            }
            if (from.isAfter(to)) {
              throw new ConfigException("option --from (" + from + ") is after --to (" + to + ")");
            }
            TopicsConfig.from(settings); // checked before Spark starts
            boolean refit = args.has("refit-topics");
            yield (ctx, spark, log) ->
                scheduled(NightlyJob.backfill(ctx, sources, from, to, refit).run(spark, log));
          }
          case "demo" -> {
            DemoCorpusSpec spec;
            try {
              spec =
                  DemoCorpusSpec.defaults()
                      .withArticles(
                          args.intValue("articles", DemoCorpusSpec.DEFAULT_ARTICLES, 100));
            } catch (IllegalArgumentException e) {
              throw new ConfigException("option --articles: " + e.getMessage());
            }
            Path corpus = Path.of(args.get("corpus", "demo-corpus"));
            yield (ctx, spark, log) ->
                DemoSummary.describe(spark, ctx, new DemoJob(ctx, spec, corpus).run(spark, log));
          }
          case "report" -> {
            String outDir = args.get("out", null);
            if (outDir == null) {
              throw new UsageException("report needs --out DIR (where index.html is written)");
            }
            String asOf = args.get("as-of", null);
            yield (ctx, spark, log) ->
                "report="
                    + new ReportJob(
                            asOf == null ? ctx : RunHistory.pinnedTo(spark, ctx, asOf), outDir)
                        .run(spark);
          }
          case "maintain" ->
              (ctx, spark, log) -> {
                MaintainJob.Outcome o = new MaintainJob(ctx).run(spark, log);
                return "tables="
                    + o.tables().size()
                    + " snapshots_expired="
                    + o.snapshotsExpired()
                    + " orphans_removed="
                    + o.orphansRemoved()
                    + " files_compacted="
                    + o.filesCompacted();
              };
          default -> throw new UsageException("unknown command '" + command + "'");
        };
    LocalDate logical = date != null ? date : to;
    return new Invocation(name, warehouse, settings, sparkConf, logical, from, to, action);
  }

  private static String accounting(RunLog.Accounting a) {
    return "records="
        + a.records()
        + " accepted="
        + a.accepted()
        + " rejected="
        + a.rejected()
        + " exact_duplicates="
        + a.exactDuplicates()
        + " near_duplicates="
        + a.nearDuplicates()
        + (a.outsideWindow() == 0 ? "" : " outside_window=" + a.outsideWindow());
  }

  private static String scheduled(NightlyJob.Outcome o) {
    return "window="
        + (o.window().from() == null ? "" : o.window().from())
        + ".."
        + o.window().to()
        + " "
        + pipeline(o.pipeline())
        + (o.refitted() ? " refitted=true" : "");
  }

  static String pipeline(Pipeline.Outcome o) {
    return (o.accounting() == null ? "" : accounting(o.accounting()) + " ")
        + "model_id="
        + (o.modelId() == null ? NONE : o.modelId());
  }

  /** {@code --k 10,20,40}: distinct topic counts, each within {@code topics.k}'s range. */
  static List<Integer> topicCounts(String raw) {
    List<Integer> ks = new ArrayList<>();
    for (String part : raw.split(",")) {
      int k;
      try {
        k = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "option --k: '" + part.trim() + "' is not a whole number (example: --k 10,20,40)");
      }
      Keys.TOPICS_K.parse(k);
      if (!ks.contains(k)) {
        ks.add(k);
      }
    }
    return List.copyOf(ks);
  }

  /** The source given on the command line, else those of the config file. */
  private static List<SourceSpec> sources(Args args, Settings settings) {
    if (!args.has("input") && !args.has("format") && !args.has("mapping") && !args.has("map")) {
      return settings.sources();
    }
    String input = args.get("input", null);
    String format = args.get("format", null);
    if (input == null || format == null) {
      throw new UsageException(
          "--input and --format go together (example: --input data/ --format jsonl)");
    }
    Map<String, Object> mapping = new LinkedHashMap<>();
    String mappingFile = args.get("mapping", null);
    if (mappingFile != null) {
      mapping.putAll(readMappingFile(Path.of(mappingFile)));
    }
    mapping.putAll(args.pairs("map"));
    return List.of(
        new SourceSpec(
            input,
            InputFormat.parse("--format", format),
            Mapping.fromMap(mapping, mappingFile != null ? "--mapping " + mappingFile : "--map")));
  }

  private static Map<String, Object> readMappingFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException("--mapping " + file + ": no such readable file");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (!(doc instanceof Map<?, ?> map)) {
        throw new ConfigException(
            "--mapping " + file + ": expected a YAML map such as 'outlet: publisher'");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    } catch (IOException | YAMLException e) {
      throw new ConfigException(
          "--mapping " + file + ": cannot read it as YAML: " + e.getMessage(), e);
    }
  }
}
