package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.config.CoverageConfig;
import io.newsdrift.features.DistinctiveTerms;
import io.newsdrift.schema.Cols;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code shifts}: for every theme and topic, outlet (and {@code ALL}) and period, the share against
 * a baseline, a change-point flag, and what the period is about.
 *
 * <ul>
 *   <li>{@code baseline_share}, {@code delta}, {@code z_score}: the article-weighted share of the
 *       {@code coverage.baseline_periods} (default 4) preceding periods that were {@code ok}, the
 *       difference, and a two-proportion z of the period against it (pooled variance; for topics
 *       the mean weight is treated as a proportion). These describe every period and are high in
 *       every period of a sustained shift until the baseline catches up.
 *   <li>{@code flag}: {@code change_up} or {@code change_down} only at the estimated onset of a
 *       change, {@code none} elsewhere, from the CUSUM change-point detector of {@link
 *       ChangePoints} (keys {@code coverage.cusum_k}, {@code coverage.cusum_h}, {@code
 *       coverage.cusum_reference_periods}, {@code coverage.share_noise}, {@code
 *       coverage.min_delta}; why a CUSUM and not a burst model is argued there). {@code
 *       change_score} is the CUSUM statistic after the period (positive: evidence of a rise,
 *       negative: of a fall) and {@code detected_at}, on a flagged onset, the period whose data
 *       confirmed the change; a change is known only from then, so a flag may appear on an older
 *       period when a newer one arrives.
 *   <li>{@code terms}: the top terms that are new in that outlet and period ({@code
 *       period_vs_previous} of {@code distinctive_terms}).
 * </ul>
 *
 * <p>Periods that are {@code missing} or {@code thin} carry no delta, z or change score and are
 * never flagged. Periods without a usable trailing baseline ({@code no_baseline}) carry no delta or
 * z, but the first {@code ok} period after a long gap can still carry a change flag: the detector's
 * reference reaches back across gaps.
 */
public final class Shifts {
  public static final String THEME = "theme";
  public static final String TOPIC = "topic";
  private static final int TERMS_ATTACHED = 8;

  private Shifts() {}

  public static Dataset<Row> compute(
      Dataset<Row> themeAttention,
      Optional<Dataset<Row>> topicPrevalence,
      Optional<Dataset<Row>> distinctiveTerms,
      CoverageConfig config) {
    Dataset<Row> themeSeries =
        themeAttention.select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            lit(THEME).as(Cols.SUBJECT_TYPE),
            col(Cols.THEME).as(Cols.SUBJECT),
            col(Cols.TOTAL_ARTICLES),
            col(Cols.SHARE),
            col(Cols.STATUS));
    Dataset<Row> series =
        topicPrevalence
            .map(
                p ->
                    themeSeries.unionByName(
                        p.select(
                            col(Cols.GRAIN),
                            col(Cols.PERIOD_START),
                            col(Cols.OUTLET),
                            lit(TOPIC).as(Cols.SUBJECT_TYPE),
                            col(Cols.TOPIC_ID).cast("string").as(Cols.SUBJECT),
                            col(Cols.ARTICLES).as(Cols.TOTAL_ARTICLES),
                            col(Cols.SHARE),
                            col(Cols.STATUS))))
            .orElse(themeSeries);
    WindowSpec trailing =
        Window.partitionBy(Cols.GRAIN, Cols.OUTLET, Cols.SUBJECT_TYPE, Cols.SUBJECT)
            .orderBy(Cols.PERIOD_START)
            .rowsBetween(-config.baselinePeriods(), -1);
    Column ok = col(Cols.STATUS).equalTo("ok");
    Column n = col(Cols.TOTAL_ARTICLES).cast("double");
    Dataset<Row> withBaseline =
        series
            .withColumn("_base_n", sum(when(ok, n)).over(trailing))
            .withColumn("_base_m", sum(when(ok, col(Cols.SHARE).multiply(n))).over(trailing));
    Column baseN = col("_base_n");
    Column baseline = when(baseN.gt(0), col("_base_m").divide(baseN));
    Column pooled = col(Cols.SHARE).multiply(n).plus(col("_base_m")).divide(n.plus(baseN));
    Column se =
        sqrt(
            pooled
                .multiply(lit(1.0).minus(pooled))
                .multiply(lit(1.0).divide(n).plus(lit(1.0).divide(baseN))));
    Column usable = ok.and(baseN.gt(0));
    Column delta = when(usable, col(Cols.SHARE).minus(baseline));
    Column z =
        when(
            usable, when(se.gt(0), col(Cols.SHARE).minus(baseline).divide(se)).otherwise(lit(0.0)));
    Dataset<Row> scored =
        withBaseline
            .withColumn(Cols.BASELINE_SHARE, baseline)
            .withColumn(Cols.DELTA, delta)
            .withColumn(Cols.Z_SCORE, z)
            .withColumn(
                Cols.STATUS,
                when(ok.and(baseN.isNull().or(baseN.equalTo(0))), "no_baseline")
                    .otherwise(col(Cols.STATUS)))
            .withColumn(ChangePoints.DAY, expr("unix_date(period_start)"))
            .join(
                ChangePoints.verdicts(series, params(config)),
                List.of(Cols.GRAIN, Cols.OUTLET, Cols.SUBJECT_TYPE, Cols.SUBJECT, ChangePoints.DAY)
                    .toArray(String[]::new),
                "left")
            .withColumn(
                Cols.DETECTED_AT, expr("date_from_unix_date(" + ChangePoints.DETECTED_DAY + ")"))
            .drop(ChangePoints.DAY, ChangePoints.DETECTED_DAY, "_base_n", "_base_m");
    Column noTerms = expr("array()").cast("array<string>");
    return distinctiveTerms
        .map(
            d ->
                scored
                    .join(
                        newTerms(d),
                        List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET).toArray(String[]::new),
                        "left")
                    .withColumn(Cols.TERMS, coalesce(col(Cols.TERMS), noTerms)))
        .orElseGet(() -> scored.withColumn(Cols.TERMS, noTerms));
  }

  static ChangePoints.Params params(CoverageConfig config) {
    return new ChangePoints.Params(
        config.cusumK(),
        config.cusumH(),
        config.shareNoise(),
        config.minDelta(),
        config.cusumReferencePeriods());
  }

  /** The top new terms of each outlet and period, best first. */
  private static Dataset<Row> newTerms(Dataset<Row> distinctiveTerms) {
    return distinctiveTerms
        .filter(col(Cols.COMPARISON).equalTo(DistinctiveTerms.PERIOD_VS_PREVIOUS))
        .filter(col(Cols.RANK).leq(TERMS_ATTACHED))
        .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
        .agg(collect_list(struct(col(Cols.RANK), col(Cols.TERM))).as("_ranked"))
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            expr("transform(array_sort(_ranked), x -> x.term)").as(Cols.TERMS));
  }
}
