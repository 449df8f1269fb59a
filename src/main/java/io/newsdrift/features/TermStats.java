package io.newsdrift.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.sum;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Periods;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code term_stats}: per grain, period, outlet (and {@code ALL}) and vocabulary term, the term's
 * count, the number of articles that use it, and its TF-IDF, where TF is the term's share of all
 * vocabulary-term occurrences in that outlet and period and IDF is the vocabulary's.
 */
public final class TermStats {
  private static final String TOTAL = "_total";
  private static final String[] PERIOD_AND_OUTLET = {Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET};

  private TermStats() {}

  /**
   * @param termCounts term counts by outlet and day ({@link TermCounts#SCHEMA})
   * @param vocabulary the vocabulary as a dataset ({@link Vocabulary#SCHEMA})
   */
  public static Dataset<Row> compute(
      Dataset<Row> termCounts, Dataset<Row> vocabulary, List<Grain> grains) {
    Dataset<Row> inVocabulary =
        termCounts.join(broadcast(vocabulary.select(Cols.TERM, Vocabulary.IDF)), Cols.TERM);
    // Days first: the rows per (outlet, day, term) are few, then every grain and ALL sum them.
    Dataset<Row> daily =
        inVocabulary
            .groupBy(Cols.OUTLET, Cols.DATE, Cols.TERM)
            .agg(
                sum(Cols.TERM_COUNT).as(Cols.TERM_COUNT),
                sum(Cols.DOC_COUNT).as(Cols.DOC_COUNT),
                first(Vocabulary.IDF).as(Vocabulary.IDF));
    Dataset<Row> grouped =
        Periods.withAllOutlets(Periods.withPeriods(daily, grains))
            .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.TERM)
            .agg(
                sum(Cols.TERM_COUNT).as(Cols.TERM_COUNT),
                sum(Cols.DOC_COUNT).as(Cols.DOC_COUNT),
                first(Vocabulary.IDF).as(Vocabulary.IDF));
    return grouped
        .join(broadcast(totals(inVocabulary, grains)), PERIOD_AND_OUTLET)
        .withColumn(
            Cols.TFIDF, col(Cols.TERM_COUNT).divide(col(TOTAL)).multiply(col(Vocabulary.IDF)))
        .drop(TOTAL, Vocabulary.IDF);
  }

  /**
   * The TF denominator, all vocabulary-term occurrences per (grain, period, outlet): a few rows per
   * period, summed from the day totals and broadcast to the terms. A window over the grouped rows
   * would shuffle and sort every one of them once more (a fifth of the stage).
   */
  private static Dataset<Row> totals(Dataset<Row> inVocabulary, List<Grain> grains) {
    Dataset<Row> perDay =
        inVocabulary.groupBy(Cols.OUTLET, Cols.DATE).agg(sum(Cols.TERM_COUNT).as(TOTAL));
    return Periods.withAllOutlets(Periods.withPeriods(perDay, grains))
        .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
        .agg(sum(TOTAL).as(TOTAL));
  }
}
