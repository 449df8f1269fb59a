package io.newsdrift.schema;

import static io.newsdrift.schema.Cols.*;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The warehouse's tables: name, columns in order, and partition columns. Writers select exactly
 * these columns, so every table has one shape whichever job wrote it; readers check them on entry.
 */
public enum Table {
  ARTICLES(
      "articles",
      List.of(DATE),
      ARTICLE_ID,
      OUTLET,
      URL,
      TITLE,
      TEXT,
      PUBLISHED_AT,
      DATE,
      LANGUAGE,
      WORD_COUNT,
      SOURCE_URI,
      RECORD_POSITION,
      CONTENT_HASH,
      DUP_CLUSTER_ID,
      IS_CANONICAL,
      RUN_ID),
  REJECTS(
      "rejects",
      List.of(INGEST_DATE),
      SOURCE_URI,
      RECORD_POSITION,
      RAW_EXCERPT,
      REASON,
      MESSAGE,
      INGEST_DATE,
      RUN_ID),
  DUPLICATES(
      "duplicates",
      List.of(DATE),
      CLUSTER_ID,
      ARTICLE_ID,
      OUTLET,
      DATE,
      CANONICAL_ARTICLE_ID,
      CANONICAL_OUTLET,
      SIMILARITY,
      KIND,
      RULE,
      SOURCE_URI,
      RECORD_POSITION,
      RUN_ID),
  SIGNATURES(
      "signatures",
      List.of(DATE),
      ARTICLE_ID,
      OUTLET,
      DATE,
      SOURCE_URI,
      RECORD_POSITION,
      ORDER_KEY,
      SHINGLES,
      WORDS,
      SHINGLE_BANDS,
      SKETCH,
      WORD_BANDS,
      RUN_ID),
  INPUT_FILES("input_files", List.of(), SOURCE_URI, SIZE_BYTES, VERSION, CRC32, RECORDS, RUN_ID),
  PENDING_DATES("pending_dates", List.of(), DATE, RUN_ID),
  TERM_STATS(
      "term_stats",
      List.of(GRAIN, PERIOD_MONTH),
      GRAIN,
      PERIOD_START,
      OUTLET,
      TERM,
      TERM_COUNT,
      DOC_COUNT,
      TFIDF,
      PERIOD_MONTH),
  DISTINCTIVE_TERMS(
      "distinctive_terms",
      List.of(GRAIN, PERIOD_MONTH),
      GRAIN,
      PERIOD_START,
      COMPARISON,
      OUTLET,
      TERM,
      LOG_ODDS,
      Z_SCORE,
      COUNT,
      RANK,
      PERIOD_MONTH),
  TOPIC_TERMS("topic_terms", List.of(MODEL_ID), MODEL_ID, TOPIC_ID, LABEL, RANK, TERM, WEIGHT),
  TOPIC_QUALITY(
      "topic_quality",
      List.of(MODEL_ID),
      MODEL_ID,
      TOPIC_ID,
      NPMI,
      TOPIC_DIVERSITY,
      LOG_PERPLEXITY,
      STABILITY,
      MATCH_SIMILARITY),
  DOC_TOPICS(
      "doc_topics",
      List.of(DATE),
      ARTICLE_ID,
      OUTLET,
      DATE,
      MODEL_ID,
      TOPIC_DISTRIBUTION,
      TOPIC_IDS,
      TOP_TOPIC,
      TOP_TOPIC_WEIGHT),
  THEME_MATCHES(
      "theme_matches", List.of(DATE), DATE, OUTLET, DUP_CLUSTER_ID, THEMES, Cols.ARTICLES),
  THEME_ATTENTION(
      "theme_attention",
      List.of(GRAIN, PERIOD_MONTH),
      GRAIN,
      PERIOD_START,
      OUTLET,
      THEME,
      MATCHING_ARTICLES,
      TOTAL_ARTICLES,
      SHARE,
      MATCHING_CLUSTERS,
      TOTAL_CLUSTERS,
      DEDUP_SHARE,
      CI_LOW,
      CI_HIGH,
      STATUS,
      PERIOD_MONTH),
  TOPIC_PREVALENCE(
      "topic_prevalence",
      List.of(GRAIN, PERIOD_MONTH),
      GRAIN,
      PERIOD_START,
      OUTLET,
      MODEL_ID,
      TOPIC_ID,
      Cols.ARTICLES,
      SHARE,
      CI_LOW,
      CI_HIGH,
      STATUS,
      PERIOD_MONTH),
  SHIFTS(
      "shifts",
      List.of(GRAIN, PERIOD_MONTH),
      GRAIN,
      PERIOD_START,
      OUTLET,
      SUBJECT_TYPE,
      SUBJECT,
      TOTAL_ARTICLES,
      SHARE,
      BASELINE_SHARE,
      DELTA,
      Z_SCORE,
      FLAG,
      Cols.CHANGE_SCORE,
      Cols.DETECTED_AT,
      STATUS,
      TERMS,
      PERIOD_MONTH),
  OUTLET_DIVERGENCE(
      "outlet_divergence",
      List.of(GRAIN, PERIOD_MONTH),
      GRAIN,
      PERIOD_START,
      MODEL_ID,
      OUTLET_A,
      OUTLET_B,
      JS_DIVERGENCE,
      PERIOD_MONTH);

  private final String tableName;
  private final List<String> partitionBy;
  private final List<String> columns;

  Table(String tableName, List<String> partitionBy, String... columns) {
    this.tableName = tableName;
    this.partitionBy = partitionBy;
    this.columns = List.of(columns);
  }

  public String tableName() {
    return tableName;
  }

  public List<String> partitionBy() {
    return partitionBy;
  }

  public List<String> columns() {
    return columns;
  }

  /**
   * The table's columns in order; fails naming the missing column when one is absent. Derived
   * partition columns ({@code period_month}) are added here.
   */
  public Dataset<Row> conform(Dataset<Row> df) {
    if (columns.contains(PERIOD_MONTH) && !Arrays.asList(df.columns()).contains(PERIOD_MONTH)) {
      df = df.withColumn(PERIOD_MONTH, functions.trunc(functions.col(PERIOD_START), "month"));
    }
    requireColumns(df);
    return df.select(columns.stream().map(functions::col).toArray(Column[]::new));
  }

  /** Checks a caller's dataset on entry, naming the columns it lacks. */
  public void requireColumns(Dataset<Row> df) {
    Set<String> have = Set.copyOf(Arrays.asList(df.columns()));
    List<String> missing = columns.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "dataset for table '" + tableName + "' lacks columns " + missing + "; it has " + have);
    }
  }
}
