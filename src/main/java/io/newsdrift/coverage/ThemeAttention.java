package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Periods;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code theme_attention}: for each grain, period, outlet (and {@code ALL}) and theme, how many
 * articles match the theme out of how many, the share, the share counted once per duplicate cluster
 * (a wire story republished by 30 outlets counts once), and a 95% Wilson score interval of the
 * share. Periods without articles inside an outlet's span are rows with status {@code missing} and
 * no share; periods with fewer than {@code coverage.min_articles} articles, or fewer than {@code
 * coverage.thin_fraction} of the outlet's median period, are {@code thin}.
 */
public final class ThemeAttention {
  public static final String THEMES = "themes";
  static final double Z95 = 1.959963984540054;

  private ThemeAttention() {}

  /**
   * @param matched articles with {@code article_id}, {@code outlet}, {@code date}, {@code
   *     dup_cluster_id} and {@code themes} (array of matched theme names)
   */
  public static Dataset<Row> compute(
      SparkSession spark,
      Dataset<Row> matched,
      List<String> themes,
      List<Grain> grains,
      int minArticles,
      double thinFraction) {
    Dataset<Row> base = Periods.withAllOutlets(Periods.withPeriods(matched, grains));
    String[] periodKey = {Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET};
    Dataset<Row> totals =
        base.groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
            .agg(
                count("*").as(Cols.TOTAL_ARTICLES),
                countDistinct(Cols.DUP_CLUSTER_ID).as(Cols.TOTAL_CLUSTERS));
    Dataset<Row> matches =
        base.withColumn(Cols.THEME, explode(col(THEMES)))
            .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.THEME)
            .agg(
                count("*").as(Cols.MATCHING_ARTICLES),
                countDistinct(Cols.DUP_CLUSTER_ID).as(Cols.MATCHING_CLUSTERS));
    Dataset<Row> themeNames = spark.createDataset(themes, Encoders.STRING()).toDF(Cols.THEME);
    Column total = coalesce(col(Cols.TOTAL_ARTICLES), lit(0L));
    Column clusters = coalesce(col(Cols.TOTAL_CLUSTERS), lit(0L));
    Column m = coalesce(col(Cols.MATCHING_ARTICLES), lit(0L));
    Column mc = coalesce(col(Cols.MATCHING_CLUSTERS), lit(0L));
    Column share = when(total.gt(0), m.divide(total));
    return Calendar.of(totals)
        .join(totals, periodKey, "left")
        .crossJoin(themeNames)
        .join(
            matches,
            List.of(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.THEME).toArray(String[]::new),
            "left")
        .select(
            col(Cols.GRAIN),
            col(Cols.PERIOD_START),
            col(Cols.OUTLET),
            col(Cols.THEME),
            m.as(Cols.MATCHING_ARTICLES),
            total.as(Cols.TOTAL_ARTICLES),
            share.as(Cols.SHARE),
            mc.as(Cols.MATCHING_CLUSTERS),
            clusters.as(Cols.TOTAL_CLUSTERS),
            when(clusters.gt(0), mc.divide(clusters)).as(Cols.DEDUP_SHARE),
            wilsonLow(share, total).as(Cols.CI_LOW),
            wilsonHigh(share, total).as(Cols.CI_HIGH),
            Calendar.status(total, minArticles, thinFraction).as(Cols.STATUS));
  }

  private static Column wilsonCenter(Column p, Column n) {
    double z2 = Z95 * Z95;
    return p.plus(lit(z2).divide(n.multiply(2))).divide(lit(1.0).plus(lit(z2).divide(n)));
  }

  private static Column wilsonHalf(Column p, Column n) {
    double z2 = Z95 * Z95;
    return lit(Z95)
        .multiply(
            sqrt(
                p.multiply(lit(1.0).minus(p))
                    .divide(n)
                    .plus(lit(z2).divide(n.multiply(n).multiply(4)))))
        .divide(lit(1.0).plus(lit(z2).divide(n)));
  }

  static Column wilsonLow(Column p, Column n) {
    return when(n.gt(0), wilsonCenter(p, n).minus(wilsonHalf(p, n)));
  }

  static Column wilsonHigh(Column p, Column n) {
    return when(n.gt(0), wilsonCenter(p, n).plus(wilsonHalf(p, n)));
  }
}
