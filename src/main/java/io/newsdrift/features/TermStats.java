package io.newsdrift.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.PeriodSet;
import io.newsdrift.schema.Periods;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code term_stats}: per grain, period, outlet (and {@code ALL}) and vocabulary term, the term's
 * count, the number of articles that use it, and its TF-IDF, where TF is the term's share of all
 * vocabulary-term occurrences in that outlet and period and IDF is the vocabulary's.
 *
 * <p>Every row is a sum of <em>day counts</em>: one outlet's vocabulary-term counts per day
 * (columns {@code outlet, date, term, term_count, doc_count}), the rows of grain {@code day} of
 * single outlets. So the rows of some periods can be computed again from the day counts of their
 * days alone ({@link #ofPeriods}), stored ones ({@link #storedDays}) with new ones ({@link #days}).
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
    return fromDays(days(termCounts, vocabulary), vocabulary, grains);
  }

  /**
   * The rows of some periods only, from the day-level counts of every day those periods hold: the
   * rows {@link #compute} gives for them. Every row is a sum of day counts of its outlet (or of all
   * outlets) and its TF divides two such sums, so the days of other periods change nothing; the
   * sums are of integers, so the order they are added in changes nothing either.
   *
   * @param days day counts for at least every day of {@code periods}; rows of other days may be
   *     there and are left out
   */
  public static Dataset<Row> ofPeriods(
      Dataset<Row> days, Dataset<Row> vocabulary, PeriodSet periods) {
    return fromDays(days, vocabulary, periods.grains()).filter(periods.contains());
  }

  /**
   * The day counts of articles' term counts: vocabulary terms only, one row per outlet, day and
   * term.
   *
   * @param termCounts term counts by outlet and day ({@link TermCounts#SCHEMA})
   */
  public static Dataset<Row> days(Dataset<Row> termCounts, Dataset<Row> vocabulary) {
    // Days first: the rows per (outlet, day, term) are few, then every grain and ALL sum them.
    return termCounts
        .join(broadcast(vocabulary.select(Cols.TERM)), Cols.TERM)
        .groupBy(Cols.OUTLET, Cols.DATE, Cols.TERM)
        .agg(sum(Cols.TERM_COUNT).as(Cols.TERM_COUNT), sum(Cols.DOC_COUNT).as(Cols.DOC_COUNT));
  }

  /**
   * The day counts back from stored {@code term_stats} rows: the single outlets' rows of grain
   * {@code day} ({@code ALL} is their sum, made again from them).
   */
  public static Dataset<Row> storedDays(Dataset<Row> termStats) {
    return termStats
        .filter(col(Cols.GRAIN).equalTo(Grain.DAY.label()))
        .filter(col(Cols.OUTLET).notEqual(Cols.ALL_OUTLETS))
        .select(
            col(Cols.OUTLET),
            col(Cols.PERIOD_START).as(Cols.DATE),
            col(Cols.TERM),
            col(Cols.TERM_COUNT),
            col(Cols.DOC_COUNT));
  }

  /** Every grain's and ALL's rows from day counts. */
  private static Dataset<Row> fromDays(
      Dataset<Row> days, Dataset<Row> vocabulary, List<Grain> grains) {
    Dataset<Row> grouped =
        Periods.withAllOutlets(Periods.withPeriods(days, grains))
            .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.TERM)
            .agg(sum(Cols.TERM_COUNT).as(Cols.TERM_COUNT), sum(Cols.DOC_COUNT).as(Cols.DOC_COUNT))
            .join(broadcast(vocabulary.select(Cols.TERM, Vocabulary.IDF)), Cols.TERM);
    return grouped
        .join(broadcast(totals(days, grains)), PERIOD_AND_OUTLET)
        .withColumn(
            Cols.TFIDF, col(Cols.TERM_COUNT).divide(col(TOTAL)).multiply(col(Vocabulary.IDF)))
        .drop(TOTAL, Vocabulary.IDF)
        .select(
            Cols.GRAIN,
            Cols.PERIOD_START,
            Cols.OUTLET,
            Cols.TERM,
            Cols.TERM_COUNT,
            Cols.DOC_COUNT,
            Cols.TFIDF);
  }

  /**
   * The TF denominator, all vocabulary-term occurrences per (grain, period, outlet): a few rows per
   * period, summed from the day totals and broadcast to the terms. A window over the grouped rows
   * would shuffle and sort every one of them once more (a fifth of the stage).
   */
  private static Dataset<Row> totals(Dataset<Row> days, List<Grain> grains) {
    Dataset<Row> perDay = days.groupBy(Cols.OUTLET, Cols.DATE).agg(sum(Cols.TERM_COUNT).as(TOTAL));
    return Periods.withAllOutlets(Periods.withPeriods(perDay, grains))
        .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
        .agg(sum(TOTAL).as(TOTAL));
  }
}
