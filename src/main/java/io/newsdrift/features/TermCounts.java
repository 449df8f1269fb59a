package io.newsdrift.features;

import io.newsdrift.schema.Cols;
import io.newsdrift.text.Analyzer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How often each term occurs in each article: the input of every term statistic. One row per
 * (article, term); the article id itself is not kept, as no statistic needs it and it would be the
 * widest column.
 */
public final class TermCounts {
  public static final StructType SCHEMA =
      new StructType()
          .add(Cols.OUTLET, DataTypes.StringType, false)
          .add(Cols.DATE, DataTypes.DateType, false)
          .add(Cols.TERM, DataTypes.StringType, false)
          .add(Cols.TERM_COUNT, DataTypes.LongType, false);

  private TermCounts() {}

  /** Title and body as one text; the line break keeps a phrase from spanning the two. */
  static String articleText(String title, String text) {
    if (title == null || title.isEmpty()) {
      return text == null ? "" : text;
    }
    return text == null || text.isEmpty() ? title : title + "\n" + text;
  }

  /**
   * One row per (article, term) with the term's count, from title and body, each article analysed
   * in its {@code language}.
   *
   * @param articles columns {@code outlet}, {@code date}, {@code title}, {@code text}, {@code
   *     language}
   */
  public static Dataset<Row> perArticle(
      SparkSession spark, Dataset<Row> articles, Analyzer analyzer) {
    return spark.createDataFrame(
        articles
            .select(Cols.OUTLET, Cols.DATE, Cols.TITLE, Cols.TEXT, Cols.LANGUAGE)
            .javaRDD()
            .flatMap(
                r -> {
                  Map<String, long[]> counts = new HashMap<>();
                  analyzer.analyze(
                      articleText(r.getString(2), r.getString(3)),
                      r.getString(4),
                      (term, adjacent) -> counts.computeIfAbsent(term, t -> new long[1])[0]++);
                  List<Row> out = new ArrayList<>(counts.size());
                  counts.forEach(
                      (term, n) -> out.add(RowFactory.create(r.get(0), r.get(1), term, n[0])));
                  return out.iterator();
                }),
        SCHEMA);
  }
}
