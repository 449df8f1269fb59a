package io.newsdrift.features;

import io.newsdrift.schema.Cols;
import io.newsdrift.text.Analyzer;
import java.io.Serializable;
import java.sql.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How often each term occurs per outlet and day, and in how many articles: the input of every term
 * statistic. Both counts add up over days and outlets, so coarser groups (weeks, months, {@code
 * ALL}) are sums of these rows. Rows are combined within each partition before any shuffle; the
 * same (outlet, date, term) may still occur in several rows, to be summed.
 */
public final class TermCounts {
  /** Keys held per partition before they are emitted. */
  static final int MAX_KEYS = 200_000;

  public static final StructType SCHEMA =
      new StructType()
          .add(Cols.OUTLET, DataTypes.StringType, false)
          .add(Cols.DATE, DataTypes.DateType, false)
          .add(Cols.TERM, DataTypes.StringType, false)
          .add(Cols.TERM_COUNT, DataTypes.LongType, false)
          .add(Cols.DOC_COUNT, DataTypes.LongType, false);

  private TermCounts() {}

  /** Title and body as one text; the line break keeps a phrase from spanning the two. */
  static String articleText(String title, String text) {
    if (title == null || title.isEmpty()) {
      return text == null ? "" : text;
    }
    return text == null || text.isEmpty() ? title : title + "\n" + text;
  }

  private record Key(String outlet, Date date, String term) {}

  /**
   * Runs one article's analysis and counting, given the characters of its title and body: where a
   * job measures the text analysis on its own (its CPU time) without this transform knowing how.
   * Shipped to executors with the transform.
   */
  @FunctionalInterface
  public interface PerArticle extends Serializable {
    void run(long characters, Runnable analysis);
  }

  private static final PerArticle JUST_RUN = (characters, analysis) -> analysis.run();

  /**
   * Term and document counts by outlet, date and term, from title and body, each article analysed
   * in its {@code language}.
   *
   * @param articles columns {@code outlet}, {@code date}, {@code title}, {@code text}, {@code
   *     language}
   */
  public static Dataset<Row> perOutletAndDay(
      SparkSession spark, Dataset<Row> articles, Analyzer analyzer) {
    return perOutletAndDay(spark, articles, analyzer, JUST_RUN);
  }

  /**
   * As {@link #perOutletAndDay(SparkSession, Dataset, Analyzer)}, running each article's analysis
   * and counting through {@code perArticle}.
   */
  public static Dataset<Row> perOutletAndDay(
      SparkSession spark, Dataset<Row> articles, Analyzer analyzer, PerArticle perArticle) {
    return spark.createDataFrame(
        articles
            .select(Cols.OUTLET, Cols.DATE, Cols.TITLE, Cols.TEXT, Cols.LANGUAGE)
            .javaRDD()
            .mapPartitions(
                rows ->
                    new Combining<Row, Key, Row>(
                        rows,
                        (r, counts) -> countArticle(analyzer, perArticle, r, counts),
                        (k, c) -> RowFactory.create(k.outlet(), k.date(), k.term(), c[0], c[1]),
                        MAX_KEYS)),
        SCHEMA);
  }

  private static void countArticle(
      Analyzer analyzer, PerArticle perArticle, Row r, Map<Key, long[]> counts) {
    String outlet = r.getString(0);
    Date date = r.getDate(1);
    String text = articleText(r.getString(2), r.getString(3));
    perArticle.run(
        text.length(),
        () -> {
          // Counted per article first: one key per distinct term instead of one per occurrence.
          Map<String, int[]> inArticle = new HashMap<>();
          analyzer.analyze(
              text,
              r.getString(4),
              (term, adjacent) -> inArticle.computeIfAbsent(term, t -> new int[1])[0]++);
          inArticle.forEach(
              (term, n) -> {
                long[] c = counts.computeIfAbsent(new Key(outlet, date, term), k -> new long[2]);
                c[0] += n[0];
                c[1]++;
              });
        });
  }
}
