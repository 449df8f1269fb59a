package io.newsdrift.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.PeriodSet;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code distinctive_terms}: the words that set a group apart, by the log-odds ratio with an
 * informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words", eq. 16-22),
 * reported as z-scores. For group i against reference j and term w, with prior pseudo-counts {@code
 * a_w = prior_scale * corpus share of w} and {@code a0 = prior_scale}:
 *
 * <pre>
 *   delta_w = ln((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - ln((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
 *   var_w   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
 *   z_w     = delta_w / sqrt(var_w)
 * </pre>
 *
 * Two comparisons: {@code outlet_vs_rest}, each outlet against all other outlets in the same
 * period; and {@code period_vs_previous}, each period of an outlet (and of {@code ALL}) against its
 * {@code history_periods} preceding periods together (what is new). Only terms the group used are
 * ranked; the top {@code n} by z-score are kept. Needs a vocabulary of at least {@link
 * Vocabulary#MIN_TERMS} terms: with one, {@code a_w = a0} and {@code y_iw = n_i}, so both odds are
 * 0/0.
 */
public final class DistinctiveTerms {
  public static final String OUTLET_VS_REST = "outlet_vs_rest";
  public static final String PERIOD_VS_PREVIOUS = "period_vs_previous";
  private static final String PERIOD_INDEX = "_period_index";

  /** The columns that name a group: a period of one grain in one outlet (or ALL). */
  private static final String[] GROUP = {Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET};

  private DistinctiveTerms() {}

  /**
   * @param termStats {@code term_stats} rows
   * @param prior per-term prior pseudo-counts: columns {@code term}, {@code alpha}
   * @param priorScale a0, the sum of the prior pseudo-counts
   */
  public static Dataset<Row> compute(
      Dataset<Row> termStats, Dataset<Row> prior, double priorScale, int historyPeriods, int topN) {
    return compute(termStats, prior, priorScale, historyPeriods, topN, lit(true));
  }

  /** {@link #compute}, scoring and ranking only the rows of the periods {@code kept} selects. */
  private static Dataset<Row> compute(
      Dataset<Row> termStats,
      Dataset<Row> prior,
      double priorScale,
      int historyPeriods,
      int topN,
      Column kept) {
    Dataset<Row> counts =
        termStats.select(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.TERM, Cols.TERM_COUNT);
    Dataset<Row> vsRest = outletVsRest(counts.filter(kept));
    Dataset<Row> vsPrevious = periodVsPrevious(counts, historyPeriods).filter(kept);
    return rank(score(vsRest.unionByName(vsPrevious), prior, priorScale), topN);
  }

  /**
   * The rows of some periods only, exactly as {@link #compute} gives them over all of {@code
   * term_stats}. A row of period P (grain g) depends on g's {@code term_stats} rows of P (its
   * counts and, for {@code outlet_vs_rest}, the other outlets' and ALL's of P) and of the {@code
   * historyPeriods} periods before P (for {@code period_vs_previous}), on nothing else (its rank is
   * within its own period, comparison and outlet). So the input is cut to those periods, and of
   * only the rows of {@code periods} are scored and ranked: the periods before them have a shorter
   * history here than in full.
   *
   * <p>When the {@code term_stats} rows of some periods change, the rows to recompute are those of
   * the changed periods with the {@code historyPeriods} periods after each ({@link
   * PeriodSet#withFollowing}), the periods whose history the changed ones are.
   *
   * @param termStats {@code term_stats} rows of at least {@code periods} with the {@code
   *     historyPeriods} before each ({@link PeriodSet#withPreceding}); others are left out
   */
  public static Dataset<Row> ofPeriods(
      Dataset<Row> termStats,
      Dataset<Row> prior,
      double priorScale,
      int historyPeriods,
      int topN,
      PeriodSet periods) {
    Dataset<Row> needed = termStats.filter(periods.withPreceding(historyPeriods).contains());
    return compute(needed, prior, priorScale, historyPeriods, topN, periods.contains());
  }

  /** y_i, n_i, y_j, n_j for each outlet against every other outlet in its period. */
  static Dataset<Row> outletVsRest(Dataset<Row> counts) {
    Dataset<Row> withTotals = counts.join(broadcast(groupTotals(counts)), GROUP);
    Dataset<Row> all =
        withTotals
            .filter(col(Cols.OUTLET).equalTo(Cols.ALL_OUTLETS))
            .select(
                col(Cols.GRAIN),
                col(Cols.PERIOD_START),
                col(Cols.TERM),
                col(Cols.TERM_COUNT).as("y_all"),
                col("n_i").as("n_all"));
    return withTotals
        .filter(col(Cols.OUTLET).notEqual(Cols.ALL_OUTLETS))
        .join(all, List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.TERM).toArray(String[]::new))
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            lit(OUTLET_VS_REST).as(Cols.COMPARISON),
            col(Cols.OUTLET),
            col(Cols.TERM),
            col(Cols.TERM_COUNT).as("y_i"),
            col("n_i"),
            col("y_all").minus(col(Cols.TERM_COUNT)).as("y_j"),
            col("n_all").minus(col("n_i")).as("n_j"))
        .filter(col("n_j").gt(0));
  }

  /** y_i, n_i for a period and y_j, n_j summed over its preceding periods. */
  static Dataset<Row> periodVsPrevious(Dataset<Row> counts, int historyPeriods) {
    // Windows over each outlet's (and term's) periods in order, rather than sending every period's
    // counts forward to the periods that count it as history: that multiplied the rows by
    // history_periods and aggregated them all again (on a 20,000-term vocabulary, most of the
    // stage).
    Dataset<Row> totals = groupTotals(counts);
    Dataset<Row> withTotals =
        counts.join(broadcast(totals), GROUP).withColumn(PERIOD_INDEX, periodIndex());
    Dataset<Row> historyTotals =
        totals
            .withColumn(PERIOD_INDEX, periodIndex())
            .withColumn(
                "n_j", sum("n_i").over(history(historyPeriods, col(Cols.GRAIN), col(Cols.OUTLET))))
            .filter(col("n_j").isNotNull()) // a period with no history is not compared
            .select(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, "n_j");
    Column termHistory =
        sum(Cols.TERM_COUNT)
            .over(history(historyPeriods, col(Cols.GRAIN), col(Cols.OUTLET), col(Cols.TERM)));
    return withTotals
        .withColumn("y_j", coalesce(termHistory, lit(0L)))
        .join(broadcast(historyTotals), GROUP)
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            lit(PERIOD_VS_PREVIOUS).as(Cols.COMPARISON),
            col(Cols.OUTLET),
            col(Cols.TERM),
            col(Cols.TERM_COUNT).as("y_i"),
            col("n_i"),
            col("y_j"),
            col("n_j"));
  }

  /** The {@code periods} periods before each row's, within the partition. */
  private static WindowSpec history(int periods, Column... partition) {
    return Window.partitionBy(partition).orderBy(PERIOD_INDEX).rangeBetween(-(long) periods, -1L);
  }

  /**
   * A period's number in its grain, consecutive periods one apart: days and weeks (which start on
   * Monday) counted from Monday 1970-01-05, months as year x 12 + month.
   */
  private static Column periodIndex() {
    Column days = datediff(col(Cols.PERIOD_START), lit(java.sql.Date.valueOf("1970-01-05")));
    return when(col(Cols.GRAIN).equalTo(Grain.DAY.label()), days)
        .when(col(Cols.GRAIN).equalTo(Grain.WEEK.label()), floor(days.divide(7)))
        .otherwise(year(col(Cols.PERIOD_START)).multiply(12).plus(month(col(Cols.PERIOD_START))))
        .cast("long");
  }

  /**
   * Each group's total count, {@code n_i}: one row per (grain, period, outlet), small enough to
   * broadcast back to the group's terms (a window would sort every row).
   */
  private static Dataset<Row> groupTotals(Dataset<Row> counts) {
    return counts
        .groupBy(col(Cols.GRAIN), col(Cols.PERIOD_START), col(Cols.OUTLET))
        .agg(sum(Cols.TERM_COUNT).as("n_i"));
  }

  /** The log-odds ratio and its z-score from y_i, n_i, y_j, n_j and the prior. */
  static Dataset<Row> score(Dataset<Row> comparisons, Dataset<Row> prior, double priorScale) {
    Column a = col("alpha");
    Column a0 = lit(priorScale);
    Column yi = col("y_i").plus(a);
    Column yj = col("y_j").plus(a);
    Column delta =
        log(yi.divide(col("n_i").plus(a0).minus(yi)))
            .minus(log(yj.divide(col("n_j").plus(a0).minus(yj))));
    Column variance = lit(1.0).divide(yi).plus(lit(1.0).divide(yj));
    return comparisons
        .join(broadcast(prior), Cols.TERM)
        .withColumn(Cols.LOG_ODDS, delta)
        .withColumn(Cols.Z_SCORE, delta.divide(sqrt(variance)))
        .withColumn(Cols.COUNT, col("y_i"));
  }

  private static Dataset<Row> rank(Dataset<Row> scored, int topN) {
    return scored
        .withColumn(
            Cols.RANK,
            row_number()
                .over(
                    Window.partitionBy(Cols.GRAIN, Cols.PERIOD_START, Cols.COMPARISON, Cols.OUTLET)
                        .orderBy(col(Cols.Z_SCORE).desc(), col(Cols.TERM))))
        .filter(col(Cols.RANK).leq(topN))
        .select(
            Cols.GRAIN,
            Cols.PERIOD_START,
            Cols.COMPARISON,
            Cols.OUTLET,
            Cols.TERM,
            Cols.LOG_ODDS,
            Cols.Z_SCORE,
            Cols.COUNT,
            Cols.RANK);
  }

  /** The prior from the vocabulary: pseudo-counts in proportion to corpus frequency. */
  public static Dataset<Row> prior(Dataset<Row> vocabulary, double priorScale) {
    // The total as a one-row aggregate joined back, not a window over everything: that works the
    // same on a vocabulary this small but logs "No Partition Defined for Window" at every run.
    Dataset<Row> total = vocabulary.agg(sum(Vocabulary.CORPUS_COUNT).as("_total"));
    return vocabulary
        .crossJoin(broadcast(total))
        .withColumn(
            "alpha", col(Vocabulary.CORPUS_COUNT).multiply(priorScale).divide(col("_total")))
        .select(Cols.TERM, "alpha");
  }
}
