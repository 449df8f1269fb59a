package io.newsdrift.schema;

/** Column names of the output tables, as constants so no transform spells one twice. */
public final class Cols {
  private Cols() {}

  // articles
  public static final String ARTICLE_ID = "article_id";
  public static final String OUTLET = "outlet";
  public static final String URL = "url";
  public static final String TITLE = "title";
  public static final String TEXT = "text";
  public static final String PUBLISHED_AT = "published_at";
  public static final String DATE = "date";
  public static final String LANGUAGE = "language";
  public static final String WORD_COUNT = "word_count";
  public static final String SOURCE_URI = "source_uri";
  public static final String DUP_CLUSTER_ID = "dup_cluster_id";
  public static final String IS_CANONICAL = "is_canonical";
  public static final String RUN_ID = "run_id";
  public static final String CONTENT_HASH = "content_hash";

  // rejects
  public static final String RECORD_POSITION = "record_position";
  public static final String RAW_EXCERPT = "raw_excerpt";
  public static final String REASON = "reason";
  public static final String MESSAGE = "message";
  public static final String INGEST_DATE = "ingest_date";

  // duplicates
  public static final String CLUSTER_ID = "cluster_id";
  public static final String CANONICAL_ARTICLE_ID = "canonical_article_id";
  public static final String CANONICAL_OUTLET = "canonical_outlet";
  public static final String SIMILARITY = "similarity";
  public static final String KIND = "kind";
  public static final String RULE = "rule";

  // signatures (near-duplicate detection across nights)
  public static final String ORDER_KEY = "order_key";
  public static final String SHINGLES = "shingles";
  public static final String WORDS = "words";
  public static final String SHINGLE_BANDS = "shingle_bands";
  public static final String SKETCH = "sketch";
  public static final String WORD_BANDS = "word_bands";

  // input_files and pending_dates
  public static final String SIZE_BYTES = "size_bytes";
  public static final String VERSION = "version";
  public static final String CRC32 = "crc32";
  public static final String RECORDS = "records";

  // periods
  public static final String GRAIN = "grain";
  public static final String PERIOD_START = "period_start";

  /**
   * The month a period starts in: the partition column of the time-series tables (partitions by day
   * would mean thousands of tiny files for a multi-year corpus).
   */
  public static final String PERIOD_MONTH = "period_month";

  // term_stats, distinctive_terms
  public static final String TERM = "term";
  public static final String TERM_COUNT = "term_count";
  public static final String DOC_COUNT = "doc_count";
  public static final String TFIDF = "tfidf";
  public static final String COMPARISON = "comparison";
  public static final String Z_SCORE = "z_score";
  public static final String LOG_ODDS = "log_odds";
  public static final String COUNT = "count";
  public static final String RANK = "rank";

  // topics
  public static final String MODEL_ID = "model_id";
  public static final String TOPIC_ID = "topic_id";
  public static final String LABEL = "label";
  public static final String WEIGHT = "weight";
  public static final String TOPIC_DISTRIBUTION = "topic_distribution";

  /** The stable topic id of each entry of {@link #TOPIC_DISTRIBUTION}. */
  public static final String TOPIC_IDS = "topic_ids";

  public static final String TOP_TOPIC = "top_topic";
  public static final String TOP_TOPIC_WEIGHT = "top_topic_weight";
  public static final String NPMI = "npmi";
  public static final String TOPIC_DIVERSITY = "topic_diversity";
  public static final String LOG_PERPLEXITY = "log_perplexity";
  public static final String STABILITY = "stability";
  public static final String MATCH_SIMILARITY = "match_similarity";

  /** The {@code topic_id} of rows that describe a whole model. */
  public static final int MODEL_LEVEL = -1;

  // coverage
  public static final String THEME = "theme";
  public static final String THEMES = "themes";
  public static final String MATCHING_ARTICLES = "matching_articles";
  public static final String TOTAL_ARTICLES = "total_articles";
  public static final String SHARE = "share";
  public static final String MATCHING_CLUSTERS = "matching_clusters";
  public static final String TOTAL_CLUSTERS = "total_clusters";
  public static final String DEDUP_SHARE = "dedup_share";
  public static final String CI_LOW = "ci_low";
  public static final String CI_HIGH = "ci_high";
  public static final String ARTICLES = "articles";
  public static final String STATUS = "status";
  public static final String SUBJECT_TYPE = "subject_type";
  public static final String SUBJECT = "subject";
  public static final String BASELINE_SHARE = "baseline_share";
  public static final String DELTA = "delta";
  public static final String FLAG = "flag";
  public static final String CHANGE_SCORE = "change_score";
  public static final String DETECTED_AT = "detected_at";
  public static final String TERMS = "terms";
  public static final String OUTLET_A = "outlet_a";
  public static final String OUTLET_B = "outlet_b";
  public static final String JS_DIVERGENCE = "js_divergence";

  /** The outlet value that stands for every outlet together. */
  public static final String ALL_OUTLETS = "ALL";
}
