package io.newsdrift.config;

import java.io.Serializable;

/** Near-duplicate detection; see {@link Keys}. */
public record DedupConfig(double nearThreshold, int shingleWords, int hashTables, long seed)
    implements Serializable {
  public static DedupConfig from(Settings s) {
    return new DedupConfig(
        s.get(Keys.DEDUP_NEAR_THRESHOLD),
        s.get(Keys.DEDUP_SHINGLE_WORDS),
        s.get(Keys.DEDUP_HASH_TABLES),
        s.get(Keys.DEDUP_SEED));
  }
}
