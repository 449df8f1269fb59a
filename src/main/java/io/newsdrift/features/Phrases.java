package io.newsdrift.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.newsdrift.schema.Cols;
import io.newsdrift.text.Analyzer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Phrases: pairs of adjacent terms that the corpus uses as one ({@code natural gas}, {@code united
 * states}, {@code xi jinping}), chosen by normalised pointwise mutual information (Bouma 2009):
 *
 * <pre>
 *   npmi(a b) = ln(p(a b) / (p(a) p(b))) / -ln p(a b),   p(x) = count(x) / N
 * </pre>
 *
 * where counts are over the terms of all analysed articles (before phrases are joined), {@code N}
 * is the number of term occurrences and {@code count(a b)} counts {@code a} directly followed by
 * {@code b} (see {@link Analyzer} for adjacency: no removed word or punctuation between). NPMI is 1
 * for terms that never occur apart and 0 for independent ones; because it also rewards rare pairs,
 * a pair must occur at least {@code minCount} times. Of the pairs that pass both thresholds the
 * {@code maxPhrases} most frequent are kept (ties by phrase), so the choice is deterministic. On a
 * large corpus the counts come from a {@link #sample} ({@code features.phrase_sample_articles}).
 */
public final class Phrases {
  static final String PHRASE = "phrase";
  static final String COUNT = "count";
  static final String NPMI = "npmi";

  private static final long SAMPLE_BUCKETS = 1_000_000;

  private static final StructType COUNTS =
      new StructType()
          .add(Cols.TERM, DataTypes.StringType, false)
          .add(COUNT, DataTypes.LongType, false);

  private Phrases() {}

  /**
   * @param articles columns {@code title}, {@code text}, {@code language}
   * @return the chosen phrases, most frequent first
   */
  public static List<String> fit(
      SparkSession spark,
      Dataset<Row> articles,
      Analyzer analyzer,
      int minCount,
      double minNpmi,
      int maxPhrases) {
    if (maxPhrases == 0) {
      return List.of();
    }
    Analyzer raw = analyzer.withPhrases(Set.of());
    Dataset<Row> counts =
        spark
            .createDataFrame(
                articles
                    .select(Cols.TITLE, Cols.TEXT, Cols.LANGUAGE)
                    .javaRDD()
                    .mapPartitions(
                        rows ->
                            new Combining<Row, Object, Row>(
                                rows,
                                (r, c) -> countArticle(raw, r, c),
                                (k, c) -> RowFactory.create(k.toString(), c[0]),
                                TermCounts.MAX_KEYS)),
                COUNTS)
            .groupBy(Cols.TERM)
            .agg(sum(COUNT).as(COUNT))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return choose(counts, minCount, minNpmi, maxPhrases);
    } finally {
      counts.unpersist();
    }
  }

  /**
   * A deterministic sample of about {@code maxArticles} articles to count phrases on, chosen by a
   * hash of title and text (so the same articles whatever the partitioning); all of them when there
   * are no more than that or {@code maxArticles} is 0. Collocation statistics settle long before a
   * large corpus ends, and the phrase pass analyses every article a second time.
   *
   * @param articleCount how many articles {@code articles} holds
   */
  public static Dataset<Row> sample(Dataset<Row> articles, long articleCount, long maxArticles) {
    if (maxArticles <= 0 || articleCount <= maxArticles) {
      return articles;
    }
    long kept = Math.round((double) maxArticles / articleCount * SAMPLE_BUCKETS);
    return articles.filter(
        pmod(xxhash64(col(Cols.TITLE), col(Cols.TEXT)), lit(SAMPLE_BUCKETS)).lt(kept));
  }

  /** Chooses phrases from corpus counts of terms and of adjacent pairs ("a b"). */
  static List<String> choose(Dataset<Row> counts, int minCount, double minNpmi, int maxPhrases) {
    Dataset<Row> scored = score(counts, minCount);
    return scored
        .filter(col(NPMI).geq(minNpmi))
        .orderBy(col(COUNT).desc(), col(PHRASE).asc())
        .limit(maxPhrases)
        .select(PHRASE)
        .as(Encoders.STRING())
        .collectAsList();
  }

  /** Every pair seen at least {@code minCount} times with its count and NPMI. */
  static Dataset<Row> score(Dataset<Row> counts, int minCount) {
    Column isPair = col(Cols.TERM).contains(" ");
    Dataset<Row> terms = counts.filter(not(isPair));
    Row total = terms.agg(sum(COUNT)).first();
    double n = total.isNullAt(0) ? 0 : total.getLong(0);
    Dataset<Row> pairs =
        counts
            .filter(isPair.and(col(COUNT).geq(minCount)))
            .select(
                col(Cols.TERM).as(PHRASE),
                col(COUNT),
                substring_index(col(Cols.TERM), " ", 1).as("a"),
                substring_index(col(Cols.TERM), " ", -1).as("b"));
    Dataset<Row> a = terms.select(col(Cols.TERM).as("a"), col(COUNT).as("count_a"));
    Dataset<Row> b = terms.select(col(Cols.TERM).as("b"), col(COUNT).as("count_b"));
    Column pAb = col(COUNT).divide(lit(n));
    Column pmi = log(col(COUNT).multiply(lit(n)).divide(col("count_a").multiply(col("count_b"))));
    return pairs
        .join(a, "a")
        .join(b, "b")
        .withColumn(NPMI, pmi.divide(log(pAb).multiply(-1.0)))
        .select(PHRASE, COUNT, NPMI);
  }

  /**
   * Two adjacent terms as a map key, without building "a b" for every occurrence. Its hash mixes
   * both halves: "a b" Strings of a small vocabulary collide often enough to turn HashMap bins into
   * trees.
   */
  private record Pair(String first, String second) {
    @Override
    public int hashCode() {
      return Long.hashCode(first.hashCode() * 0x9E3779B97F4A7C15L + second.hashCode());
    }

    @Override
    public String toString() {
      return first + " " + second;
    }
  }

  /** Adds one article's term counts (String keys) and adjacent-pair counts ({@link Pair} keys). */
  private static void countArticle(Analyzer raw, Row r, Map<Object, long[]> counts) {
    String[] previous = {null};
    raw.rawTerms(
        TermCounts.articleText(r.getString(0), r.getString(1)),
        r.getString(2),
        (term, adjacent) -> {
          counts.computeIfAbsent(term, k -> new long[1])[0]++;
          if (adjacent && previous[0] != null) {
            counts.computeIfAbsent(new Pair(previous[0], term), k -> new long[1])[0]++;
          }
          previous[0] = term;
        });
  }
}
