package io.newsdrift.config;

import java.io.Serializable;

/** Near-duplicate detection; see {@link Keys}. */
public record DedupConfig(
    double nearThreshold,
    int shingleWords,
    int bands,
    int rowsPerBand,
    long seed,
    double rewriteThreshold,
    double rewriteMinShingles,
    int templateClusterSize,
    int lookbackDays)
    implements Serializable {
  public static DedupConfig from(Settings s) {
    return new DedupConfig(
        s.get(Keys.DEDUP_NEAR_THRESHOLD),
        s.get(Keys.DEDUP_SHINGLE_WORDS),
        s.get(Keys.DEDUP_BANDS),
        s.get(Keys.DEDUP_ROWS_PER_BAND),
        s.get(Keys.DEDUP_SEED),
        s.get(Keys.DEDUP_REWRITE_THRESHOLD),
        s.get(Keys.DEDUP_REWRITE_MIN_SHINGLES),
        s.get(Keys.DEDUP_TEMPLATE_CLUSTER_SIZE),
        s.get(Keys.DEDUP_LOOKBACK_DAYS));
  }
}
