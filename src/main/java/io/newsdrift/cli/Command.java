package io.newsdrift.cli;

import io.newsdrift.config.ConfigException;
import io.newsdrift.config.Keys;
import io.newsdrift.config.RunConfig;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.jobs.CoverageJob;
import io.newsdrift.jobs.DemoJob;
import io.newsdrift.jobs.FeaturesJob;
import io.newsdrift.jobs.IngestJob;
import io.newsdrift.jobs.MaintainJob;
import io.newsdrift.jobs.NightlyJob;
import io.newsdrift.jobs.Pipeline;
import io.newsdrift.jobs.ReportJob;
import io.newsdrift.jobs.RunHistory;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.jobs.TopicsJob;
import io.newsdrift.topics.TopicSweep;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sub-commands, each defined once: its lines in the usage text, the options and flags it takes
 * besides the common ones, and how it checks a command line and turns it into the {@link
 * Main.Action} it runs. {@link Main} derives its usage text and option sets from these, and does
 * the checks every command shares (unknown options, the config, dates, sources, login details)
 * first.
 */
@SuppressWarnings("ImmutableEnumChecker") // the lists and sets are List.of and Set.of
enum Command {
  INGEST(
      List.of(
          "ingest   --input URI --format jsonl|csv|parquet|text [--mapping FILE] [--map key=field,...] [--date D]"),
      Set.of("input", "format", "mapping", "map", "date"),
      Set.of()) {
    @Override
    Main.Action action(Line line) {
      List<SourceSpec> sources = line.sources();
      if (sources.isEmpty()) {
        throw new UsageException(
            "ingest needs --input URI and --format jsonl|csv|parquet|text (or 'sources' in --config)");
      }
      return (ctx, spark, log) -> accounting(new IngestJob(ctx, sources).run(spark, log));
    }
  },

  FEATURES(List.of("features [--new-vocabulary]"), Set.of(), Set.of("new-vocabulary")) {
    @Override
    Main.Action action(Line line) {
      boolean fresh = line.args().has("new-vocabulary");
      return (ctx, spark, log) ->
          "vocab_version="
              + new FeaturesJob(ctx, fresh)
                  .run(spark, log)
                  .map(Vocabulary::version)
                  .orElse(Main.NONE);
    }
  },

  TOPICS(
      List.of(
          "topics fit    [--from D] [--to D] [--sample F]   fit, save a model version, apply it",
          "topics apply  [--from D] [--to D]                doc_topics with the current model",
          "topics sweep  --k 10,20,40 [--from D] [--to D] [--sample F]   fit each k, recommend one"),
      Set.of("from", "to", "sample", "k"),
      Set.of()) {
    @Override
    String subcommand(List<String> words) {
      if (words.size() != 2 || !Set.of("fit", "apply", "sweep").contains(words.get(1))) {
        throw new UsageException("'topics' needs 'fit', 'apply' or 'sweep'");
      }
      return words.get(1);
    }

    @Override
    Map<String, String> settingOverrides(Args args) {
      return args.has("sample")
          ? Map.of(Keys.TOPICS_SAMPLE_FRACTION.name(), args.get("sample", null))
          : Map.of();
    }

    @Override
    Main.Action action(Line line) {
      LocalDate from = line.from();
      LocalDate to = line.to();
      requireInOrder(from, to);
      String sub = line.sub();
      Args args = line.args();
      if (args.has("k") != "sweep".equals(sub)) {
        throw new UsageException(
            "sweep".equals(sub)
                ? "'topics sweep' needs --k with the numbers of topics (example: --k 10,20,40)"
                : "option --k applies to 'topics sweep' only; set topics.k for one model");
      }
      if (args.has("sample") && "apply".equals(sub)) {
        throw new UsageException("option --sample does not apply to 'topics apply'");
      }
      return switch (sub) {
        case "fit" ->
            (ctx, spark, log) ->
                "model_id=" + new TopicsJob(ctx, from, to).fit(spark, log).orElse(Main.NONE);
        case "apply" ->
            (ctx, spark, log) ->
                "model_id=" + new TopicsJob(ctx, from, to).apply(spark, log).orElse(Main.NONE);
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
  },

  COVERAGE(List.of("coverage"), Set.of(), Set.of()) {
    @Override
    Main.Action action(Line line) {
      return (ctx, spark, log) -> {
        new CoverageJob(ctx).run(spark, log);
        return "tables=theme_attention,topic_prevalence,shifts,outlet_divergence";
      };
    }
  },

  NIGHTLY(
      List.of(
          "nightly  --date YYYY-MM-DD [--input URI --format F [--mapping FILE]] [--refit-topics]"),
      Set.of("date", "input", "format", "mapping", "map"),
      Set.of("refit-topics")) {
    @Override
    Main.Action action(Line line) {
      LocalDate date = line.date();
      if (date == null) {
        throw new UsageException("nightly needs --date YYYY-MM-DD (the logical date, UTC)");
      }
      List<SourceSpec> sources = line.sources();
      boolean refit = line.args().has("refit-topics");
      return (ctx, spark, log) ->
          scheduled(NightlyJob.nightly(ctx, sources, date, refit).run(spark, log));
    }
  },

  BACKFILL(
      List.of(
          "backfill --from YYYY-MM-DD --to YYYY-MM-DD [--input URI --format F [--mapping FILE]]"),
      Set.of("from", "to", "input", "format", "mapping", "map"),
      Set.of("refit-topics")) {
    @Override
    Main.Action action(Line line) {
      LocalDate from = line.from();
      LocalDate to = line.to();
      if (from == null || to == null) {
        throw new UsageException("backfill needs --from YYYY-MM-DD and --to YYYY-MM-DD");
      }
      requireInOrder(from, to);
      List<SourceSpec> sources = line.sources();
      boolean refit = line.args().has("refit-topics");
      return (ctx, spark, log) ->
          scheduled(NightlyJob.backfill(ctx, sources, from, to, refit).run(spark, log));
    }
  },

  DEMO(List.of("demo     [--articles N] [--corpus DIR]"), Set.of("articles", "corpus"), Set.of()) {
    @Override
    Main.Action action(Line line) {
      DemoCorpusSpec spec;
      try {
        spec =
            DemoCorpusSpec.defaults()
                .withArticles(
                    line.args().intValue("articles", DemoCorpusSpec.DEFAULT_ARTICLES, 100));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("option --articles: " + e.getMessage());
      }
      Path corpus = Path.of(line.args().get("corpus", "demo-corpus"));
      return (ctx, spark, log) ->
          DemoSummary.describe(spark, ctx, new DemoJob(ctx, spec, corpus).run(spark, log));
    }
  },

  REPORT(
      List.of(
          "report   --out DIR [--as-of RUN_ID]   (an HTML report over the tables, or over them as a past run left them)"),
      Set.of("out", "as-of"),
      Set.of()) {
    @Override
    boolean readOnly() {
      return true;
    }

    @Override
    Main.Action action(Line line) {
      String outDir = line.args().get("out", null);
      if (outDir == null) {
        throw new UsageException("report needs --out DIR (where index.html is written)");
      }
      String asOf = line.args().get("as-of", null);
      return (ctx, spark, log) ->
          "report="
              + new ReportJob(asOf == null ? ctx : RunHistory.pinnedTo(spark, ctx, asOf), outDir)
                  .run(spark);
    }
  },

  MAINTAIN(
      List.of(
          "maintain (weekly upkeep: expire old snapshots, remove orphan files, compact small files)"),
      Set.of(),
      Set.of()) {
    @Override
    Main.Action action(Line line) {
      return (ctx, spark, log) -> {
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
    }
  };

  /**
   * A command line past the checks every command shares: the parsed options, the sub-command word
   * (or null), the checked config, the dates given (or null) and the sources to read.
   */
  record Line(
      Args args,
      String sub,
      RunConfig config,
      LocalDate date,
      LocalDate from,
      LocalDate to,
      List<SourceSpec> sources) {}

  private final List<String> usage;
  private final Set<String> options;
  private final Set<String> flags;

  Command(List<String> usage, Set<String> options, Set<String> flags) {
    this.usage = usage;
    this.options = options;
    this.flags = flags;
  }

  /** The command's word on the command line. */
  String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The command's lines under "commands:" in the usage text, without their indent. */
  List<String> usage() {
    return usage;
  }

  /** Options it takes a value for, besides the common ones. */
  Set<String> options() {
    return options;
  }

  /** Options it takes without a value, besides the common ones. */
  Set<String> flags() {
    return flags;
  }

  boolean accepts(String option) {
    return options.contains(option) || flags.contains(option);
  }

  /** The command's word for {@code word}, if any. */
  static Optional<Command> named(String word) {
    for (Command c : values()) {
      if (c.word().equals(word)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The sub-command among the command line's words (the command's own word first), or null for a
   * command without sub-commands; refuses any other word.
   */
  String subcommand(List<String> words) {
    if (words.size() > 1) {
      throw new UsageException("unexpected argument '" + words.get(1) + "' after '" + word() + "'");
    }
    return null;
  }

  /** Config keys its options set, applied over {@code --set} before the settings load. */
  Map<String, String> settingOverrides(Args args) {
    return Map.of();
  }

  /** Whether it writes nothing to the tables, so takes no writer lock. */
  boolean readOnly() {
    return false;
  }

  /** Checks what only this command needs, before Spark starts, and returns what it runs. */
  abstract Main.Action action(Line line);

  private static void requireInOrder(LocalDate from, LocalDate to) {
    if (from != null && to != null && from.isAfter(to)) {
      throw new ConfigException("option --from (" + from + ") is after --to (" + to + ")");
    }
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

  /** A pipeline's summary: its ingest accounting when it ingested, and the model it left. */
  static String pipeline(Pipeline.Outcome o) {
    return (o.accounting() == null ? "" : accounting(o.accounting()) + " ")
        + "model_id="
        + (o.modelId() == null ? Main.NONE : o.modelId());
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
}
