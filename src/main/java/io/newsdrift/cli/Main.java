package io.newsdrift.cli;

import io.newsdrift.config.ConfigException;
import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.RunConfig;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.io.StorageErrors;
import io.newsdrift.io.WriterLock;
import io.newsdrift.jobs.RunContext;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.spark.Secrets;
import io.newsdrift.spark.SparkSessions;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
  /** Options every command takes, with a value. */
  private static final Set<String> COMMON_OPTIONS = Set.of("warehouse", "config", "set", "conf");

  /** Options every command takes, without a value. */
  private static final Set<String> COMMON_FLAGS = Set.of("help");

  static final String USAGE = usage();

  /** Every option that takes a value: the common ones, then each command's, in usage order. */
  private static final Set<String> OPTIONS = known(COMMON_OPTIONS, Command::options);

  /** Every option that takes none. */
  private static final Set<String> FLAGS = known(COMMON_FLAGS, Command::flags);

  /** model_id and vocab_version in the summary while too few articles gave none yet. */
  static final String NONE = "none";

  /** Exit code of a run refused because another run is writing the warehouse. */
  static final int BUSY = 3;

  private Main() {}

  /** The usage text: each command's lines, then the common options. */
  private static String usage() {
    List<String> lines =
        new ArrayList<>(List.of("usage: newsdrift COMMAND [options]", "", "commands:"));
    for (Command c : Command.values()) {
      c.usage().forEach(line -> lines.add("  " + line));
    }
    lines.addAll(
        List.of(
            "",
            "common options:",
            "  --warehouse URI   where the tables are (default ./warehouse)",
            "  --config FILE     YAML config; every key has a default (docs/configuration.md)",
            "  --set key=value   override one config key (repeatable)",
            "  --conf k=v        a Spark or Hadoop setting, e.g. spark.hadoop.fs.s3a.endpoint=... (repeatable)",
            "  --help            this text"));
    return String.join("\n", lines);
  }

  private static Set<String> known(Set<String> common, Function<Command, Set<String>> each) {
    Set<String> all = new LinkedHashSet<>(common);
    for (Command c : Command.values()) {
      all.addAll(each.apply(c));
    }
    return Collections.unmodifiableSet(all);
  }

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
        RunContext.start(inv.warehouse(), inv.config(), inv.logicalDate(), inv.command());
    RunLog log = new RunLog(ctx);
    WriterLock lock = null;
    try {
      // Taken inside the run's error handling: an unreachable warehouse fails the run with the
      // same message (and spooled runs row) as any other storage failure.
      lock =
          inv.readOnly()
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

  /**
   * A validated command line; {@code readOnly} when it writes nothing to the tables, so takes no
   * writer lock.
   */
  record Invocation(
      String command,
      boolean readOnly,
      String warehouse,
      RunConfig config,
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
    String word = args.words().get(0);
    Command command =
        Command.named(word).orElseThrow(() -> new UsageException("unknown command '" + word + "'"));
    for (Set<String> names : List.of(OPTIONS, FLAGS)) {
      for (String given : names) {
        if (args.has(given)
            && !COMMON_OPTIONS.contains(given)
            && !COMMON_FLAGS.contains(given)
            && !command.accepts(given)) {
          throw new UsageException("option --" + given + " does not apply to '" + word + "'");
        }
      }
    }
    String sub = command.subcommand(args.words());
    String configFile = args.get("config", null);
    Map<String, String> overrides = new LinkedHashMap<>(args.pairs("set"));
    overrides.putAll(command.settingOverrides(args));
    Settings settings = Settings.load(configFile == null ? null : Path.of(configFile), overrides);
    // Every stage's config, checked here whatever the command: a bad key stops it before Spark.
    RunConfig config = RunConfig.from(settings);
    String warehouse = args.get("warehouse", "warehouse");
    LocalDate date = args.date("date");
    LocalDate from = args.date("from");
    LocalDate to = args.date("to");

    List<SourceSpec> sources = sources(args, settings);
    refuseLogins("--warehouse", warehouse);
    for (SourceSpec source : sources) {
      refuseLogins("the input", source.input());
    }
    Action action = command.action(new Command.Line(args, sub, config, date, from, to, sources));
    String name = sub == null ? word : word + " " + sub;
    LocalDate logical = date != null ? date : to;
    return new Invocation(
        name, command.readOnly(), warehouse, config, sparkConf, logical, from, to, action);
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
