package io.newsdrift.features;

import io.newsdrift.schema.Cols;
import io.newsdrift.text.Analyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** How often each term occurs in each article: the input of every term statistic. */
public final class TermCounts {
  public static final StructType SCHEMA =
      new StructType()
          .add(Cols.ARTICLE_ID, DataTypes.StringType, false)
          .add(Cols.OUTLET, DataTypes.StringType, false)
          .add(Cols.DATE, DataTypes.DateType, false)
          .add(Cols.TERM, DataTypes.StringType, false)
          .add(Cols.TERM_COUNT, DataTypes.LongType, false);

  private TermCounts() {}

  /** One row per (article, term) with the term's count, from title and body. */
  public static Dataset<Row> perArticle(
      SparkSession spark, Dataset<Row> articles, Analyzer analyzer) {
    return spark.createDataFrame(
        articles
            .select(Cols.ARTICLE_ID, Cols.OUTLET, Cols.DATE, Cols.TITLE, Cols.TEXT)
            .javaRDD()
            .flatMap(
                r -> {
                  Map<String, Long> counts = new TreeMap<>();
                  for (String t : analyzer.terms(r.getString(3) + "\n" + r.getString(4))) {
                    counts.merge(t, 1L, Long::sum);
                  }
                  List<Row> out = new ArrayList<>(counts.size());
                  counts.forEach(
                      (term, n) ->
                          out.add(RowFactory.create(r.get(0), r.get(1), r.get(2), term, n)));
                  return out.iterator();
                }),
        SCHEMA);
  }
}
