package io.newsdrift.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Hashes;
import io.newsdrift.text.Analyzer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A frozen vocabulary with its IDF: the most frequent terms by document count (ties by term),
 * numbered from 0 in that order. IDF is MLlib's {@code ln((N + 1) / (df + 1))} for N articles. It
 * carries what made its terms: the {@link Phrases} joined into single terms and the analyzer's
 * settings, so that later runs analyse text the same way or fail saying why. Its version is a hash
 * of its content, so the same corpus and settings give the same version and nightly runs that reuse
 * it keep the same term ids. Held on the driver: its size is bounded by {@code features.vocab_size}
 * and {@code features.max_phrases}, not by the corpus.
 */
public record Vocabulary(
    String version,
    long documents,
    List<String> terms,
    long[] docCounts,
    long[] termCounts,
    List<String> phrases,
    String analyzerSettings)
    implements Serializable {

  public static final String VOCAB_VERSION = "vocab_version";
  public static final String TERM_ID = "term_id";
  public static final String IDF = "idf";
  public static final String CORPUS_COUNT = "corpus_count";

  /**
   * The fewest terms a vocabulary is frozen with: with one term every log-odds of {@link
   * DistinctiveTerms} is 0/0, and a vocabulary of no terms has nothing to keep ids for. A smaller
   * one (a first night of a few articles) is used for its run only and built again by the next.
   */
  public static final int MIN_TERMS = 2;

  public static final StructType SCHEMA =
      new StructType()
          .add(TERM_ID, DataTypes.IntegerType, false)
          .add(Cols.TERM, DataTypes.StringType, false)
          .add(Cols.DOC_COUNT, DataTypes.LongType, false)
          .add(CORPUS_COUNT, DataTypes.LongType, false)
          .add(IDF, DataTypes.DoubleType, false)
          .add("documents", DataTypes.LongType, false)
          .add(VOCAB_VERSION, DataTypes.StringType, false);

  /**
   * Chooses the vocabulary from term counts ({@link TermCounts#SCHEMA}).
   *
   * @param analyzer the analyzer (with its phrases) that made the term counts
   */
  public static Vocabulary fit(
      Dataset<Row> termCounts, long documents, int size, int minDocFreq, Analyzer analyzer) {
    List<Row> top =
        termCounts
            .groupBy(Cols.TERM)
            .agg(sum(Cols.DOC_COUNT).as(Cols.DOC_COUNT), sum(Cols.TERM_COUNT).as(CORPUS_COUNT))
            .filter(col(Cols.DOC_COUNT).geq(minDocFreq))
            .orderBy(col(Cols.DOC_COUNT).desc(), col(Cols.TERM).asc())
            .limit(size)
            .collectAsList();
    List<String> terms = new ArrayList<>(top.size());
    long[] df = new long[top.size()];
    long[] tc = new long[top.size()];
    List<String> phrases = analyzer.phrases().stream().sorted().toList();
    StringBuilder fingerprint =
        new StringBuilder()
            .append(documents)
            .append('|')
            .append(analyzer.settings())
            .append('|')
            .append(String.join(",", phrases));
    for (int i = 0; i < top.size(); i++) {
      Row r = top.get(i);
      terms.add(r.getString(0));
      df[i] = r.getLong(1);
      tc[i] = r.getLong(2);
      fingerprint.append('|').append(terms.get(i)).append(':').append(df[i]);
    }
    String version = "v" + Hashes.sha256(fingerprint.toString()).substring(0, 12);
    return new Vocabulary(
        version, documents, List.copyOf(terms), df, tc, phrases, analyzer.settings());
  }

  /**
   * The analyzer to use with this vocabulary: {@code configured} with the vocabulary's phrases.
   *
   * @throws IllegalStateException when the configured analyzer settings differ from those the
   *     vocabulary was built with (its terms would not match)
   */
  public Analyzer analyzer(Analyzer configured) {
    if (!configured.settings().equals(analyzerSettings)) {
      throw new IllegalStateException(
          "the analyzer settings ("
              + configured.settings()
              + ") differ from those vocabulary "
              + version
              + " was built with ("
              + analyzerSettings
              + "); restore features.min_token_chars, features.stem and"
              + " features.extra_stop_words, or build a new vocabulary (features"
              + " --new-vocabulary)");
    }
    return configured.withPhrases(Set.copyOf(phrases));
  }

  public int size() {
    return terms.size();
  }

  public double idf(int termId) {
    return Math.log((documents + 1.0) / (docCounts[termId] + 1.0));
  }

  /** Term to id. */
  public Map<String, Integer> index() {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      out.put(terms.get(i), i);
    }
    return out;
  }

  /** The first {@code n} terms (the most frequent), for models that see a smaller vocabulary. */
  public List<String> head(int n) {
    return terms.subList(0, Math.min(n, terms.size()));
  }

  public Dataset<Row> toDataset(SparkSession spark) {
    List<Row> rows = new ArrayList<>(terms.size());
    for (int i = 0; i < terms.size(); i++) {
      rows.add(
          RowFactory.create(
              i, terms.get(i), docCounts[i], termCounts[i], idf(i), documents, version));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** Reads back what {@link #toDataset} wrote (ordered by term id), with its phrases. */
  public static Vocabulary fromRows(List<Row> rows, List<String> phrases, String analyzerSettings) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparingInt(r -> r.getInt(r.fieldIndex(TERM_ID))));
    List<String> terms = new ArrayList<>();
    long[] df = new long[sorted.size()];
    long[] tc = new long[sorted.size()];
    String version = null;
    long documents = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Row r = sorted.get(i);
      terms.add(r.getString(r.fieldIndex(Cols.TERM)));
      df[i] = r.getLong(r.fieldIndex(Cols.DOC_COUNT));
      tc[i] = r.getLong(r.fieldIndex(CORPUS_COUNT));
      documents = r.getLong(r.fieldIndex("documents"));
      version = r.getString(r.fieldIndex(VOCAB_VERSION));
    }
    return new Vocabulary(
        version, documents, List.copyOf(terms), df, tc, List.copyOf(phrases), analyzerSettings);
  }
}
