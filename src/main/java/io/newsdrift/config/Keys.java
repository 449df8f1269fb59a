package io.newsdrift.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key newsdrift reads, with its default and documentation side by side. A YAML
 * config file ({@code --config FILE}) uses the dotted names as nested maps or as flat keys; {@code
 * --set key=value} overrides one key. docs/configuration.md's key table is checked against this
 * list by a test, so a key cannot exist without documentation.
 */
public final class Keys {
  private Keys() {}

  private static final List<String> GRAINS = List.of("day", "week", "month");

  // ---- ingest -------------------------------------------------------------------------------

  public static final ConfigKey<Integer> INGEST_EXCERPT_CHARS =
      new ConfigKey<>(
          "ingest.excerpt_chars",
          500,
          "Characters of the raw record kept in `rejects.raw_excerpt`.",
          "500",
          Parsers.intBetween(20, 100_000));

  public static final ConfigKey<Integer> INGEST_CSV_MAX_QUOTED_LINES =
      new ConfigKey<>(
          "ingest.csv_max_quoted_lines",
          10_000,
          "Lines a quoted CSV value may span. A quote not closed within them (or by the end of the file) rejects its record as csv_parse_error, and reading resumes at the line after the opening quote: an unbalanced quote costs one record, not the records after it. The longest body in ReCOVery spans 1,317 lines.",
          "10000",
          Parsers.intBetween(2, 10_000_000));

  public static final ConfigKey<Integer> INGEST_MIN_WORDS =
      new ConfigKey<>(
          "ingest.min_words",
          3,
          "Fewest words (title and body together) an accepted article has; fewer is rejected as"
              + " `too_short`.",
          "3",
          Parsers.intBetween(1, 10_000));

  public static final ConfigKey<Integer> INGEST_MAX_TEXT_CHARS =
      new ConfigKey<>(
          "ingest.max_text_chars",
          1_000_000,
          "Longest body accepted; a longer one is rejected as `too_long` rather than truncated.",
          "1000000",
          Parsers.intBetween(1_000, Integer.MAX_VALUE));

  public static final ConfigKey<String> INGEST_MIN_DATE =
      new ConfigKey<>(
          "ingest.min_date",
          "1900-01-01",
          "Earliest plausible publication date; earlier dates are rejected as `implausible_date`.",
          "1980-01-01",
          Parsers.nonEmptyString());

  public static final ConfigKey<Integer> INGEST_MAX_FUTURE_DAYS =
      new ConfigKey<>(
          "ingest.max_future_days",
          2,
          "Days after the run's logical date (today, UTC, unless given) a publication date may lie;"
              + " later is rejected as `future_date`. For `nightly` and `backfill` the reference"
              + " is the later of the logical date and today.",
          "2",
          Parsers.intBetween(0, 36_500));

  public static final ConfigKey<String> INGEST_DEFAULT_OUTLET =
      new ConfigKey<>(
          "ingest.default_outlet",
          "unknown",
          "Outlet given to an article when no field, URL domain or dateline names one.",
          "unknown",
          Parsers.nonEmptyString());

  public static final ConfigKey<Map<String, String>> INGEST_OUTLET_ALIASES =
      new ConfigKey<>(
          "ingest.outlet_aliases",
          Map.of(),
          "Map of normalised domain or raw outlet name to the outlet name to use"
              + " (e.g. `nytimes.com: New York Times`).",
          "{reuters.com: Reuters}",
          Parsers::stringMap);

  // ---- dedup --------------------------------------------------------------------------------

  public static final ConfigKey<Double> DEDUP_NEAR_THRESHOLD =
      new ConfigKey<>(
          "dedup.near_threshold",
          0.5,
          "Jaccard similarity of word shingles at or above which two articles are near duplicates.",
          "0.5",
          Parsers.doubleBetween(0.05, 1.0));

  public static final ConfigKey<Integer> DEDUP_SHINGLE_WORDS =
      new ConfigKey<>(
          "dedup.shingle_words",
          5,
          "Words per shingle for near-duplicate detection.",
          "5",
          Parsers.intBetween(1, 20));

  public static final ConfigKey<Integer> DEDUP_BANDS =
      new ConfigKey<>(
          "dedup.bands",
          48,
          "MinHash LSH bands; two articles are candidates when all MinHash values of one band agree. More bands find more pairs near the threshold and cost more.",
          "48",
          Parsers.intBetween(1, 256));

  public static final ConfigKey<Integer> DEDUP_ROWS_PER_BAND =
      new ConfigKey<>(
          "dedup.rows_per_band",
          4,
          "MinHash values per band; more make candidates rarer (fewer pairs sharing only boilerplate) and find fewer pairs near the threshold.",
          "4",
          Parsers.intBetween(1, 16));

  public static final ConfigKey<Double> DEDUP_REWRITE_THRESHOLD =
      new ConfigKey<>(
          "dedup.rewrite_threshold",
          0.4,
          "Jaccard similarity of the articles' word sets at or above which two articles that also share dedup.rewrite_min_shingles of their shingles are rewrites of one story (near duplicates); 1.0 turns rewrites off. The two seeds files (a wire story and its rewrite) have 0.49. Word sets alone do not tell stories apart: unrelated articles of the demo corpus (small vocabulary) reach 0.60, and in ReCOVery articles of one outlet that share only a footer have 0.24 to 0.28 (with up to 0.13 of shingles).",
          "0.4",
          Parsers.doubleBetween(0.05, 1.0));

  public static final ConfigKey<Double> DEDUP_REWRITE_MIN_SHINGLES =
      new ConfigKey<>(
          "dedup.rewrite_min_shingles",
          0.08,
          "Shingle Jaccard similarity two articles need at least, besides dedup.rewrite_threshold, to count as rewrites: they must share passages word for word, not only vocabulary. The two seeds files have 0.11 (144 shared 5-word shingles, the longest shared passage 40 words); unrelated demo articles at most 0.03. Word-set candidates whose MinHash sketches estimate less than half of it are dropped before verification.",
          "0.08",
          Parsers.doubleBetween(0.0, 1.0));

  public static final ConfigKey<Integer> DEDUP_TEMPLATE_CLUSTER_SIZE =
      new ConfigKey<>(
          "dedup.template_cluster_size",
          2,
          "A near-duplicate cluster of at least this many articles, all from one outlet, is dissolved: one outlet's text repeated under different headlines is its page template (a cookie notice, a scraped live blog), not syndication. 2 keeps only clusters that span outlets.",
          "2",
          Parsers.intBetween(2, 1_000_000));

  public static final ConfigKey<Integer> DEDUP_LOOKBACK_DAYS =
      new ConfigKey<>(
          "dedup.lookback_days",
          7,
          "Days apart two articles may be published and still be near duplicates (syndication, rewrites). A nightly compares its new articles with the stored signatures of the articles this many days before and after them, so that a copy arriving nights later joins the earlier story's cluster; a backfill applies the same limit, so both give the same clusters. Exact copies (same outlet and text) are found at any distance.",
          "7",
          Parsers.intBetween(0, 365));

  public static final ConfigKey<Long> DEDUP_SEED =
      new ConfigKey<>(
          "dedup.seed", 1987L, "Seed of the MinHash functions.", "1987", Parsers.anyLong());

  // ---- features -----------------------------------------------------------------------------

  public static final ConfigKey<List<String>> FEATURES_GRAINS =
      new ConfigKey<>(
          "features.grains",
          GRAINS,
          "Period grains for `term_stats` and `distinctive_terms` (weeks start on Monday, UTC)."
              + " Without `day` a nightly cannot update them incrementally (the week and month"
              + " rows are summed from the stored day rows): it recomputes every date, with a"
              + " WARN line.",
          "[day, week, month]",
          Parsers.stringListOf(GRAINS));

  public static final ConfigKey<Integer> FEATURES_VOCAB_SIZE =
      new ConfigKey<>(
          "features.vocab_size",
          20_000,
          "Largest vocabulary (most frequent terms by document count).",
          "20000",
          Parsers.intBetween(10, 2_000_000));

  public static final ConfigKey<Integer> FEATURES_MIN_DOC_FREQ =
      new ConfigKey<>(
          "features.min_doc_freq",
          3,
          "Fewest articles a term must occur in to enter the vocabulary.",
          "3",
          Parsers.intBetween(1, 1_000_000));

  public static final ConfigKey<Integer> FEATURES_MIN_TOKEN_CHARS =
      new ConfigKey<>(
          "features.min_token_chars",
          2,
          "Shortest token kept by the analyzer.",
          "2",
          Parsers.intBetween(1, 50));

  public static final ConfigKey<List<String>> FEATURES_EXTRA_STOP_WORDS =
      new ConfigKey<>(
          "features.extra_stop_words",
          List.of(),
          "Words dropped in addition to the built-in English stop words.",
          "[said, reuters]",
          Parsers::stringList);

  public static final ConfigKey<Boolean> FEATURES_STEM =
      new ConfigKey<>(
          "features.stem",
          false,
          "Reduce terms to their stems with the Snowball stemmer of the article's language (English:"
              + " Porter2), so `sanctions` and `sanctioned` count as `sanction`.",
          "true",
          Parsers.bool());

  public static final ConfigKey<List<String>> FEATURES_LANGUAGES =
      new ConfigKey<>(
          "features.languages",
          List.of("en", "und"),
          "Languages (ISO 639-1, as detected into `articles.language`) whose articles enter the"
              + " term statistics, each analysed with its own stop words and stemmer; `und`"
              + " (undetermined, e.g. short headlines) is analysed as English. Articles in other"
              + " languages are left out and counted in the log. Known: en, und, da, de, es, fi,"
              + " fr, it, nl, no, pt, ru, sv.",
          "[en, und, de]",
          Parsers.stringListOf(
              List.of(
                  "en", "und", "da", "de", "es", "fi", "fr", "it", "nl", "no", "pt", "ru", "sv")));

  public static final ConfigKey<Integer> FEATURES_PHRASE_MIN_COUNT =
      new ConfigKey<>(
          "features.phrase_min_count",
          20,
          "Fewest occurrences of two adjacent terms in the corpus for them to become a phrase.",
          "20",
          Parsers.intBetween(2, Integer.MAX_VALUE));

  public static final ConfigKey<Double> FEATURES_PHRASE_MIN_NPMI =
      new ConfigKey<>(
          "features.phrase_min_npmi",
          0.5,
          "Least normalised pointwise mutual information (NPMI, -1..1) of two adjacent terms for"
              + " them to become a phrase; 1 means they never occur apart.",
          "0.5",
          Parsers.doubleBetween(-1.0, 1.0));

  public static final ConfigKey<Integer> FEATURES_MAX_PHRASES =
      new ConfigKey<>(
          "features.max_phrases",
          5_000,
          "Most phrases kept (the most frequent that pass both thresholds); 0 turns phrases off.",
          "5000",
          Parsers.intBetween(0, 1_000_000));

  public static final ConfigKey<Integer> FEATURES_PHRASE_SAMPLE_ARTICLES =
      new ConfigKey<>(
          "features.phrase_sample_articles",
          200_000,
          "Phrases are counted on a deterministic sample of about this many articles (by a hash"
              + " of title and text) when the corpus is larger, so phrase_min_count applies to the"
              + " sample; 0 counts every article.",
          "200000",
          Parsers.intBetween(0, Integer.MAX_VALUE));

  public static final ConfigKey<Integer> FEATURES_TOP_TERMS =
      new ConfigKey<>(
          "features.distinctive_top_n",
          30,
          "Distinctive terms kept per group and period (by z-score).",
          "30",
          Parsers.intBetween(1, 10_000));

  public static final ConfigKey<Double> FEATURES_PRIOR_SCALE =
      new ConfigKey<>(
          "features.prior_scale",
          500.0,
          "Total pseudo-count of the informative Dirichlet prior (Monroe et al. 2008), spread over"
              + " terms in proportion to their corpus frequency.",
          "500",
          Parsers.doubleBetween(0.001, 1e12));

  public static final ConfigKey<Integer> FEATURES_HISTORY_PERIODS =
      new ConfigKey<>(
          "features.history_periods",
          4,
          "Preceding periods a period is compared with to find what is new.",
          "4",
          Parsers.intBetween(1, 1_000));

  // ---- topics -------------------------------------------------------------------------------

  public static final ConfigKey<Integer> TOPICS_K =
      new ConfigKey<>("topics.k", 20, "Number of topics.", "20", Parsers.intBetween(2, 1_000));

  public static final ConfigKey<Integer> TOPICS_MAX_ITER =
      new ConfigKey<>(
          "topics.max_iter",
          40,
          "Mini-batch updates of the online variational Bayes fit, spread evenly over"
              + " `topics.passes` passes over the training articles.",
          "40",
          Parsers.intBetween(1, 10_000));

  public static final ConfigKey<Long> TOPICS_SEED =
      new ConfigKey<>(
          "topics.seed",
          42L,
          "Seed of the topic model, its sample and its held-out split.",
          "42",
          Parsers.anyLong());

  public static final ConfigKey<Integer> TOPICS_VOCAB_SIZE =
      new ConfigKey<>(
          "topics.vocab_size",
          10_000,
          "Terms (the most frequent of the vocabulary) the topic model sees.",
          "10000",
          Parsers.intBetween(10, 1_000_000));

  public static final ConfigKey<Double> TOPICS_HOLDOUT_FRACTION =
      new ConfigKey<>(
          "topics.holdout_fraction",
          0.1,
          "Share of articles held out of fitting to measure log-perplexity.",
          "0.1",
          Parsers.doubleBetween(0.0, 0.5));

  public static final ConfigKey<Double> TOPICS_SAMPLE_FRACTION =
      new ConfigKey<>(
          "topics.sample_fraction",
          1.0,
          "Share of articles (seeded sample) the model is fitted on.",
          "1.0",
          Parsers.doubleBetween(0.0001, 1.0));

  public static final ConfigKey<Integer> TOPICS_TOP_TERMS =
      new ConfigKey<>(
          "topics.top_terms",
          20,
          "Terms per topic written to `topic_terms`.",
          "20",
          Parsers.intBetween(5, 1_000));

  public static final ConfigKey<Boolean> TOPICS_STABILITY =
      new ConfigKey<>(
          "topics.stability_check",
          true,
          "Fit a second model with seed + 1 and record how well its topics match (doubles fit"
              + " time).",
          "true",
          Parsers.bool());

  public static final ConfigKey<Integer> TOPICS_PASSES =
      new ConfigKey<>(
          "topics.passes",
          2,
          "Passes over the training articles; each pass is split into `topics.max_iter` /"
              + " `topics.passes` mini-batches.",
          "2",
          Parsers.intBetween(1, 1_000));

  public static final ConfigKey<Double> TOPICS_LEARNING_OFFSET =
      new ConfigKey<>(
          "topics.learning_offset",
          1.0,
          "τ0 of the online fit's step size (τ0 + t)^-κ; larger damps the early mini-batches.",
          "1.0",
          Parsers.doubleBetween(1.0, 1e6));

  public static final ConfigKey<Double> TOPICS_LEARNING_DECAY =
      new ConfigKey<>(
          "topics.learning_decay",
          0.5,
          "κ of the online fit's step size (τ0 + t)^-κ: how fast later mini-batches count less.",
          "0.5",
          Parsers.doubleBetween(0.5, 1.0));

  public static final ConfigKey<Integer> TOPICS_ESTEP_DELAY =
      new ConfigKey<>(
          "topics.estep_delay",
          0,
          "Updates by which the model each mini-batch's E-step runs against lags the latest (0: the"
              + " latest, the textbook online fit). gensim's LdaMulticore with one worker lags by 2;"
              + " 2 gave more coherent topics on the generated benchmark corpus, not on Reuters.",
          "0",
          Parsers.intBetween(0, 10));

  public static final ConfigKey<List<String>> TOPICS_SEEDED_THEMES =
      new ConfigKey<>(
          "topics.seeded_themes",
          List.of("ukraine", "energy", "trade"),
          "Themes (names of `coverage` lexicons) that each get a dedicated topic, the first topics in"
              + " this order, whose prior favours the lexicon's single-word entries. [] fits an"
              + " unseeded model.",
          "[ukraine, energy, trade]",
          Parsers::stringList);

  public static final ConfigKey<Double> TOPICS_THEME_PRIOR =
      new ConfigKey<>(
          "topics.theme_prior",
          50.0,
          "Pseudo-counts a seeded topic's prior adds to each word of its theme's lexicon (the"
              + " other entries of the prior are 1/k); larger holds the topic closer to the lexicon.",
          "50.0",
          Parsers.doubleBetween(0.0, 1e9));

  public static final ConfigKey<Double> TOPICS_MATCH_THRESHOLD =
      new ConfigKey<>(
          "topics.match_threshold",
          0.5,
          "Least cosine similarity of term distributions for a new model's topic, optimally"
              + " matched with the previous model's, to keep that topic's id; below it the topic"
              + " gets a new id.",
          "0.5",
          Parsers.doubleBetween(0.0, 1.0));

  // ---- nightly ------------------------------------------------------------------------------

  public static final ConfigKey<Integer> NIGHTLY_REFIT_DAYS =
      new ConfigKey<>(
          "nightly.refit_days",
          7,
          "Days after which `nightly` refits the topic model instead of applying the current one"
              + " (counted from the logical date of the first run that used it); 0 never refits on"
              + " a schedule (only with `--refit-topics` or when no model exists).",
          "7",
          Parsers.intBetween(0, 3_650));

  public static final ConfigKey<Integer> NIGHTLY_LATE_DAYS =
      new ConfigKey<>(
          "nightly.late_days",
          30,
          "How late an article may arrive: `nightly --date D` ingests every valid article of the files it has not read before into its publication date, back to D minus this many days; older ones are rejected as `too_late` (a backfill of their dates ingests them).",
          "30",
          Parsers.intBetween(0, 3_650));

  // ---- maintenance --------------------------------------------------------------------------

  public static final ConfigKey<Integer> MAINTENANCE_KEEP_DAYS =
      new ConfigKey<>(
          "maintenance.keep_days",
          7,
          "Days of table history `maintain` keeps: older snapshots are expired (their files"
              + " deleted) unless a run of `maintenance.keep_runs` committed them or they are"
              + " current. Reading a table `VERSION AS OF` an expired snapshot fails.",
          "7",
          Parsers.intBetween(0, 36_500));

  public static final ConfigKey<Integer> MAINTENANCE_KEEP_RUNS =
      new ConfigKey<>(
          "maintenance.keep_runs",
          10,
          "The last this many succeeded runs that wrote tables keep their snapshots whatever"
              + " their age (tagged `run-<run_id>` on each table; the tag of a run that falls out"
              + " is dropped), so their tables can still be read as those runs left them.",
          "10",
          Parsers.intBetween(0, 100_000));

  public static final ConfigKey<Integer> MAINTENANCE_ORPHAN_MIN_AGE_HOURS =
      new ConfigKey<>(
          "maintenance.orphan_min_age_hours",
          24,
          "Hours a file in a table's folder that no snapshot references must have existed before"
              + " `maintain` deletes it (what a killed run left). Younger files are kept: a writer that"
              + " is still running (another tool, or a run whose lock was taken over as stale) may"
              + " be about to commit them.",
          "24",
          Parsers.intBetween(1, 87_600));

  // ---- coverage -----------------------------------------------------------------------------

  public static final ConfigKey<Map<String, List<String>>> COVERAGE_THEMES =
      new ConfigKey<>(
          "coverage.themes",
          Map.of(),
          "Extra theme lexicons (theme name to words and phrases), added to the built-in"
              + " `ukraine`, `energy` and `trade`; a built-in name given here is replaced.",
          "{health: [covid, vaccine, pandemic]}",
          Parsers::listMap);

  public static final ConfigKey<Boolean> COVERAGE_DEFAULT_THEMES =
      new ConfigKey<>(
          "coverage.default_themes",
          true,
          "Whether the built-in themes `ukraine`, `energy` and `trade` are measured.",
          "true",
          Parsers.bool());

  public static final ConfigKey<Integer> COVERAGE_TITLE_HITS =
      new ConfigKey<>(
          "coverage.title_hits",
          1,
          "Lexicon hits in the title that make an article match a theme.",
          "1",
          Parsers.intBetween(1, 100));

  public static final ConfigKey<Integer> COVERAGE_BODY_HITS =
      new ConfigKey<>(
          "coverage.body_hits",
          2,
          "Lexicon hits in title and body together that make an article match a theme.",
          "2",
          Parsers.intBetween(1, 1_000));

  public static final ConfigKey<List<String>> COVERAGE_GRAINS =
      new ConfigKey<>(
          "coverage.grains",
          GRAINS,
          "Period grains of the coverage tables (weeks start on Monday, UTC).",
          "[week, month]",
          Parsers.stringListOf(GRAINS));

  public static final ConfigKey<Integer> COVERAGE_MIN_ARTICLES =
      new ConfigKey<>(
          "coverage.min_articles",
          30,
          "Fewest articles a period (per outlet, or `ALL`) needs; fewer is marked `thin`, none is"
              + " `missing`, and neither is ever reported as a shift or as zero coverage.",
          "30",
          Parsers.intBetween(1, 1_000_000));

  public static final ConfigKey<Double> COVERAGE_THIN_FRACTION =
      new ConfigKey<>(
          "coverage.thin_fraction",
          0.1,
          "A period with fewer articles than this fraction of the median non-empty period of its"
              + " outlet (or `ALL`) and grain is also `thin`: a hole in a large feed, not a"
              + " measurement. 0 turns the rule off.",
          "0.1",
          Parsers.doubleBetween(0.0, 1.0));

  public static final ConfigKey<Integer> COVERAGE_BASELINE_PERIODS =
      new ConfigKey<>(
          "coverage.baseline_periods",
          4,
          "Trailing periods whose (article-weighted) share is the baseline of `shifts`.",
          "4",
          Parsers.intBetween(1, 1_000));

  public static final ConfigKey<Double> COVERAGE_CUSUM_K =
      new ConfigKey<>(
          "coverage.cusum_k",
          2.0,
          "CUSUM allowance of `shifts`: standard errors a period must sit off its regime's share"
              + " before it adds evidence of a change; higher ignores more noise and slow drifts.",
          "2.0",
          Parsers.doubleBetween(0.0, 100.0));

  public static final ConfigKey<Double> COVERAGE_CUSUM_H =
      new ConfigKey<>(
          "coverage.cusum_h",
          3.0,
          "CUSUM decision threshold of `shifts`: accumulated evidence (in standard errors beyond"
              + " `coverage.cusum_k`) at which a change is flagged, at its estimated onset.",
          "3.0",
          Parsers.doubleBetween(0.0, 1_000.0));

  public static final ConfigKey<Integer> COVERAGE_CUSUM_REFERENCE_PERIODS =
      new ConfigKey<>(
          "coverage.cusum_reference_periods",
          8,
          "Most in-control periods of a regime whose share is the reference of the change-point"
              + " detector of `shifts`; longer keeps a few noisy periods from moving it.",
          "8",
          Parsers.intBetween(2, 1_000));

  public static final ConfigKey<Double> COVERAGE_SHARE_NOISE =
      new ConfigKey<>(
          "coverage.share_noise",
          0.01,
          "Period-to-period variation of a share that is not sampling error, added to the binomial"
              + " standard error of `shifts`, so that periods with thousands of articles do not turn"
              + " tiny moves into changes.",
          "0.01",
          Parsers.doubleBetween(0.0, 1.0));

  public static final ConfigKey<Double> COVERAGE_MIN_DELTA =
      new ConfigKey<>(
          "coverage.min_delta",
          0.02,
          "Smallest absolute change in share (a change's run against its reference) that is"
              + " flagged as a shift.",
          "0.02",
          Parsers.doubleBetween(0.0, 1.0));

  public static final ConfigKey<Integer> COVERAGE_MAX_OUTLETS =
      new ConfigKey<>(
          "coverage.max_outlets",
          20,
          "Outlets (the largest by articles) paired in `outlet_divergence`; every outlet is also"
              + " compared with `ALL`.",
          "20",
          Parsers.intBetween(1, 10_000));

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          INGEST_EXCERPT_CHARS,
          INGEST_CSV_MAX_QUOTED_LINES,
          INGEST_MIN_WORDS,
          INGEST_MAX_TEXT_CHARS,
          INGEST_MIN_DATE,
          INGEST_MAX_FUTURE_DAYS,
          INGEST_DEFAULT_OUTLET,
          INGEST_OUTLET_ALIASES,
          DEDUP_NEAR_THRESHOLD,
          DEDUP_SHINGLE_WORDS,
          DEDUP_BANDS,
          DEDUP_ROWS_PER_BAND,
          DEDUP_SEED,
          DEDUP_REWRITE_THRESHOLD,
          DEDUP_REWRITE_MIN_SHINGLES,
          DEDUP_TEMPLATE_CLUSTER_SIZE,
          DEDUP_LOOKBACK_DAYS,
          FEATURES_GRAINS,
          FEATURES_VOCAB_SIZE,
          FEATURES_MIN_DOC_FREQ,
          FEATURES_MIN_TOKEN_CHARS,
          FEATURES_EXTRA_STOP_WORDS,
          FEATURES_STEM,
          FEATURES_LANGUAGES,
          FEATURES_PHRASE_MIN_COUNT,
          FEATURES_PHRASE_MIN_NPMI,
          FEATURES_MAX_PHRASES,
          FEATURES_PHRASE_SAMPLE_ARTICLES,
          FEATURES_TOP_TERMS,
          FEATURES_PRIOR_SCALE,
          FEATURES_HISTORY_PERIODS,
          TOPICS_K,
          TOPICS_MAX_ITER,
          TOPICS_SEED,
          TOPICS_VOCAB_SIZE,
          TOPICS_HOLDOUT_FRACTION,
          TOPICS_SAMPLE_FRACTION,
          TOPICS_TOP_TERMS,
          TOPICS_STABILITY,
          TOPICS_PASSES,
          TOPICS_LEARNING_OFFSET,
          TOPICS_LEARNING_DECAY,
          TOPICS_ESTEP_DELAY,
          TOPICS_SEEDED_THEMES,
          TOPICS_THEME_PRIOR,
          TOPICS_MATCH_THRESHOLD,
          COVERAGE_THEMES,
          COVERAGE_DEFAULT_THEMES,
          COVERAGE_TITLE_HITS,
          COVERAGE_BODY_HITS,
          COVERAGE_GRAINS,
          COVERAGE_MIN_ARTICLES,
          COVERAGE_THIN_FRACTION,
          COVERAGE_BASELINE_PERIODS,
          COVERAGE_CUSUM_K,
          COVERAGE_CUSUM_H,
          COVERAGE_CUSUM_REFERENCE_PERIODS,
          COVERAGE_SHARE_NOISE,
          COVERAGE_MIN_DELTA,
          COVERAGE_MAX_OUTLETS,
          NIGHTLY_REFIT_DAYS,
          NIGHTLY_LATE_DAYS,
          MAINTENANCE_KEEP_DAYS,
          MAINTENANCE_KEEP_RUNS,
          MAINTENANCE_ORPHAN_MIN_AGE_HOURS);

  /** Keys by name. */
  public static Map<String, ConfigKey<?>> byName() {
    Map<String, ConfigKey<?>> out = new LinkedHashMap<>();
    ALL.forEach(k -> out.put(k.name(), k));
    return out;
  }
}
