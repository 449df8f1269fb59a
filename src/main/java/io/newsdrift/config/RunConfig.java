package io.newsdrift.config;

/**
 * Every stage's typed config, built once from the settings by the command line before Spark starts,
 * so that a bad key or a bad combination of keys (such as more seeded themes than topics) fails the
 * command with exit code 2 before any work, whatever the command. Jobs take their part from the
 * run's context and never parse settings themselves.
 *
 * @param settings the settings the parts come from: their hash goes into {@code runs}
 */
public record RunConfig(
    Settings settings,
    IngestConfig ingest,
    DedupConfig dedup,
    AnalyzerConfig analyzer,
    FeaturesConfig features,
    TopicsConfig topics,
    CoverageConfig coverage,
    NightlyConfig nightly,
    MaintenanceConfig maintenance) {

  /** Builds and checks every part; throws {@link ConfigException} naming the first bad key. */
  public static RunConfig from(Settings s) {
    CoverageConfig coverage = CoverageConfig.from(s);
    return new RunConfig(
        s,
        IngestConfig.from(s),
        DedupConfig.from(s),
        AnalyzerConfig.from(s),
        FeaturesConfig.from(s),
        TopicsConfig.from(s, coverage.themes()),
        coverage,
        NightlyConfig.from(s),
        MaintenanceConfig.from(s));
  }

  /** The defaults of every key. */
  public static RunConfig defaults() {
    return from(Settings.defaults());
  }
}
