package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.newsdrift.schema.Cols;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code outlet_divergence}: the Jensen–Shannon divergence (base 2, so between 0 and 1) between two
 * outlets' topic mixtures in a period, for every pair among the {@code coverage.max_outlets}
 * largest outlets, and between every outlet and {@code ALL}. A mixture is the outlet's mean topic
 * weights in the period, normalised to sum to 1; missing periods have no mixture and no row.
 */
public final class OutletDivergence {
  private OutletDivergence() {}

  public static Dataset<Row> compute(Dataset<Row> topicPrevalence, int maxOutlets) {
    return pairs(topicPrevalence, largest(topicPrevalence, maxOutlets));
  }

  /**
   * The {@code maxOutlets} outlets with the most articles over every period of {@code
   * topicPrevalence}, most first (ties by name): the outlets compared pairwise. A handful of names,
   * collected to the driver.
   */
  public static List<String> largest(Dataset<Row> topicPrevalence, int maxOutlets) {
    return topicPrevalence
        .filter(col(Cols.SHARE).isNotNull())
        .filter(col(Cols.OUTLET).notEqual(Cols.ALL_OUTLETS))
        // every topic row of a period carries the period's articles: count them once (topic
        // ids are stable ids, not 0..k-1, so no one id is sure to exist)
        .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.MODEL_ID)
        .agg(max(Cols.ARTICLES).as(Cols.ARTICLES))
        .groupBy(Cols.OUTLET)
        .agg(sum(Cols.ARTICLES).as("_n"))
        .orderBy(col("_n").desc(), col(Cols.OUTLET))
        .limit(maxOutlets)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  /**
   * The divergences of the periods of {@code topicPrevalence}: each outlet against {@code ALL}, and
   * every pair of the {@code largest} outlets. Periods are independent of each other, so any subset
   * of periods gives exactly those periods' rows.
   */
  public static Dataset<Row> pairs(Dataset<Row> topicPrevalence, List<String> largest) {
    Dataset<Row> present = topicPrevalence.filter(col(Cols.SHARE).isNotNull());
    Dataset<Row> mixtures =
        present
            .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.MODEL_ID)
            .agg(collect_list(struct(col(Cols.TOPIC_ID), col(Cols.SHARE))).as("_weights"))
            .withColumn("_raw", expr("transform(array_sort(_weights), x -> x.share)"))
            .withColumn(
                "_mix", expr("transform(_raw, x -> x / aggregate(_raw, 0D, (a, y) -> a + y))"))
            .select(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.MODEL_ID, "_mix");
    Dataset<Row> a =
        mixtures.toDF(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET_A, Cols.MODEL_ID, "_p");
    Dataset<Row> b =
        mixtures.toDF(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET_B, Cols.MODEL_ID, "_q");
    Object[] largestArray = largest.toArray();
    Dataset<Row> pairs =
        a.join(b, List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.MODEL_ID).toArray(String[]::new))
            .filter(
                col(Cols.OUTLET_B)
                    .equalTo(Cols.ALL_OUTLETS)
                    .and(col(Cols.OUTLET_A).notEqual(Cols.ALL_OUTLETS))
                    .or(
                        col(Cols.OUTLET_A)
                            .isin(largestArray)
                            .and(col(Cols.OUTLET_B).isin(largestArray))
                            .and(col(Cols.OUTLET_A).lt(col(Cols.OUTLET_B)))));
    return pairs.withColumn(
        Cols.JS_DIVERGENCE,
        expr(
            "aggregate(zip_with(_p, _q, (x, y) -> "
                + "0.5 * (CASE WHEN x > 0 THEN x * log2(x / ((x + y) / 2)) ELSE 0D END)"
                + " + 0.5 * (CASE WHEN y > 0 THEN y * log2(y / ((x + y) / 2)) ELSE 0D END)),"
                + " 0D, (acc, v) -> acc + v)"));
  }
}
