package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Periods;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code topic_prevalence}: for each grain, period, outlet (and {@code ALL}) and topic, the mean
 * topic weight of the articles (the share of the outlet's attention the topic holds), with a normal
 * 95% interval of that mean ({@code 1.96 * sd / sqrt(n)}, clipped to [0, 1]). Periods without
 * articles inside an outlet's span are {@code missing} rows without a share.
 */
public final class TopicPrevalence {
  private TopicPrevalence() {}

  /**
   * The table from {@code doc_topics}: {@link #fromStats} of their {@link #stats}.
   *
   * @param docTopics {@code doc_topics} rows
   */
  public static Dataset<Row> compute(
      Dataset<Row> docTopics, List<Grain> grains, int minArticles, double thinFraction) {
    return fromStats(stats(docTopics, grains), minArticles, thinFraction);
  }

  /**
   * What each period with articles says on its own: for every grain, period, outlet (and {@code
   * ALL}), model and topic of the articles, {@code articles}, {@code share} and the interval
   * ({@code ci_low}, {@code ci_high}).
   *
   * @param docTopics {@code doc_topics} rows
   */
  public static Dataset<Row> stats(Dataset<Row> docTopics, List<Grain> grains) {
    // topic_distribution is in the model's topic order; topic_ids gives each entry's stable id.
    Dataset<Row> weights =
        Periods.withAllOutlets(Periods.withPeriods(docTopics, grains))
            .select(
                col(Cols.GRAIN),
                col(Cols.PERIOD_START),
                col(Cols.OUTLET),
                col(Cols.MODEL_ID),
                col(Cols.TOPIC_IDS),
                posexplode(col(Cols.TOPIC_DISTRIBUTION)).as(new String[] {"_pos", Cols.WEIGHT}))
            .withColumn(
                Cols.TOPIC_ID, element_at(col(Cols.TOPIC_IDS), col("_pos").plus(1)).cast("int"))
            .drop(Cols.TOPIC_IDS, "_pos");
    Column n = col(Cols.ARTICLES);
    Column half = lit(ThemeAttention.Z95).multiply(coalesce(col("_sd"), lit(0.0))).divide(sqrt(n));
    return weights
        .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.MODEL_ID, Cols.TOPIC_ID)
        .agg(
            count("*").as(Cols.ARTICLES),
            avg(Cols.WEIGHT).as(Cols.SHARE),
            stddev_samp(Cols.WEIGHT).as("_sd"))
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            col(Cols.MODEL_ID),
            col(Cols.TOPIC_ID),
            n,
            col(Cols.SHARE),
            greatest(lit(0.0), col(Cols.SHARE).minus(half)).as(Cols.CI_LOW),
            least(lit(1.0), col(Cols.SHARE).plus(half)).as(Cols.CI_HIGH));
  }

  /** The {@link #stats} a {@code topic_prevalence} table was made from (its rows with articles). */
  public static Dataset<Row> statsOf(Dataset<Row> topicPrevalence) {
    return topicPrevalence
        .filter(col(Cols.ARTICLES).gt(0))
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            col(Cols.MODEL_ID),
            col(Cols.TOPIC_ID),
            col(Cols.ARTICLES),
            col(Cols.SHARE),
            col(Cols.CI_LOW),
            col(Cols.CI_HIGH));
  }

  /**
   * The table from the {@link #stats} of every period with articles: each series' calendar, every
   * topic of every model in each of its periods, and the status against the series' median. As in
   * {@link ThemeAttention#fromCounts}, {@code stats} must hold whole series.
   */
  public static Dataset<Row> fromStats(Dataset<Row> stats, int minArticles, double thinFraction) {
    Dataset<Row> topics = stats.select(Cols.MODEL_ID, Cols.TOPIC_ID).distinct();
    Column n = coalesce(col(Cols.ARTICLES), lit(0L));
    return Calendar.of(stats.select(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET))
        .crossJoin(topics)
        .join(
            stats,
            List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.MODEL_ID, Cols.TOPIC_ID)
                .toArray(String[]::new),
            "left")
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            col(Cols.MODEL_ID),
            col(Cols.TOPIC_ID).cast("int").as(Cols.TOPIC_ID),
            n.as(Cols.ARTICLES),
            col(Cols.SHARE),
            when(n.gt(0), col(Cols.CI_LOW)).as(Cols.CI_LOW),
            when(n.gt(0), col(Cols.CI_HIGH)).as(Cols.CI_HIGH),
            Calendar.status(n, minArticles, thinFraction).as(Cols.STATUS));
  }
}
