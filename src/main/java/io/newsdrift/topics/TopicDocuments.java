package io.newsdrift.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.newsdrift.schema.Cols;
import io.newsdrift.text.Analyzer;
import java.util.List;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Articles as bags of vocabulary terms, the input of the topic models. */
public final class TopicDocuments {
  public static final String TERMS = "terms";
  public static final String FEATURES = "features";

  private static final StructType SCHEMA =
      new StructType()
          .add(Cols.ARTICLE_ID, DataTypes.StringType, false)
          .add(Cols.OUTLET, DataTypes.StringType, false)
          .add(Cols.DATE, DataTypes.DateType, false)
          .add(TERMS, DataTypes.createArrayType(DataTypes.StringType, false), false);

  private TopicDocuments() {}

  /** Article id, outlet, date and the article's terms in order (title and body). */
  public static Dataset<Row> terms(SparkSession spark, Dataset<Row> articles, Analyzer analyzer) {
    return spark.createDataFrame(
        articles
            .select(Cols.ARTICLE_ID, Cols.OUTLET, Cols.DATE, Cols.TITLE, Cols.TEXT)
            .javaRDD()
            .map(
                r ->
                    RowFactory.create(
                        r.get(0),
                        r.get(1),
                        r.get(2),
                        analyzer
                            .terms(r.getString(3) + "\n" + r.getString(4))
                            .toArray(String[]::new))),
        SCHEMA);
  }

  /** Adds the term-count vector over {@code vocabulary}; drops articles with no vocabulary term. */
  public static Dataset<Row> vectors(Dataset<Row> terms, List<String> vocabulary) {
    CountVectorizerModel vectorizer =
        new CountVectorizerModel(vocabulary.toArray(String[]::new))
            .setInputCol(TERMS)
            .setOutputCol(FEATURES);
    return vectorizer
        .transform(terms.filter(size(col(TERMS)).gt(0)))
        .filter(
            org.apache
                .spark
                .sql
                .functions
                .udf(
                    (org.apache.spark.ml.linalg.Vector v) -> v.numNonzeros() > 0,
                    DataTypes.BooleanType)
                .apply(col(FEATURES)));
  }
}
