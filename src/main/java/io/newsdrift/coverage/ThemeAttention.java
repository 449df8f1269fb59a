package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
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
  public static final String THEMES = Cols.THEMES;
  static final double Z95 = 1.959963984540054;

  private ThemeAttention() {}

  /**
   * What every period's counts are made of, one publication day at a time: the {@code
   * theme_matches} rows of a set of articles. Articles of the same date, outlet and duplicate
   * cluster that match the same themes are one row with their count, so that the distinct clusters
   * of any period (a day, week or month; an outlet or {@code ALL}) can still be counted exactly.
   *
   * @param matched articles with {@code outlet}, {@code date}, {@code dup_cluster_id} and {@code
   *     themes} (array of matched theme names)
   * @return {@code date}, {@code outlet}, {@code dup_cluster_id}, {@code themes}, {@code articles}
   */
  public static Dataset<Row> matches(Dataset<Row> matched) {
    return matched
        .groupBy(Cols.DATE, Cols.OUTLET, Cols.DUP_CLUSTER_ID, THEMES)
        .agg(count("*").as(Cols.ARTICLES));
  }

  /**
   * The counts of the periods that hold articles: {@code totals} has one row per grain, period and
   * outlet (and {@code ALL}) with {@code total_articles} and {@code total_clusters}; {@code
   * matches} one per grain, period, outlet and theme with at least one matching article, with
   * {@code matching_articles} and {@code matching_clusters}. Everything else in {@code
   * theme_attention} follows from these and the series they belong to.
   */
  public record Counts(Dataset<Row> totals, Dataset<Row> matches) {
    public Counts filter(Column condition) {
      return new Counts(totals.filter(condition), matches.filter(condition));
    }

    public Counts union(Counts other) {
      return new Counts(totals.unionByName(other.totals), matches.unionByName(other.matches));
    }
  }

  /**
   * The counts of every period of {@code grains} that the rows cover.
   *
   * @param themeMatches rows as {@link #matches} makes them
   */
  public static Counts counts(Dataset<Row> themeMatches, List<Grain> grains) {
    Dataset<Row> base = Periods.withAllOutlets(Periods.withPeriods(themeMatches, grains));
    Dataset<Row> totals =
        base.groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET)
            .agg(
                sum(Cols.ARTICLES).as(Cols.TOTAL_ARTICLES),
                countDistinct(Cols.DUP_CLUSTER_ID).as(Cols.TOTAL_CLUSTERS));
    Dataset<Row> matches =
        base.withColumn(Cols.THEME, explode(col(THEMES)))
            .groupBy(Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET, Cols.THEME)
            .agg(
                sum(Cols.ARTICLES).as(Cols.MATCHING_ARTICLES),
                countDistinct(Cols.DUP_CLUSTER_ID).as(Cols.MATCHING_CLUSTERS));
    return new Counts(totals, matches);
  }

  /** The counts a {@code theme_attention} table was made from (its periods with articles). */
  public static Counts countsOf(Dataset<Row> themeAttention) {
    Dataset<Row> totals =
        themeAttention
            .filter(col(Cols.TOTAL_ARTICLES).gt(0))
            .select(
                col(Cols.GRAIN),
                col(Cols.PERIOD_START),
                col(Cols.OUTLET),
                col(Cols.TOTAL_ARTICLES),
                col(Cols.TOTAL_CLUSTERS))
            .distinct();
    Dataset<Row> matches =
        themeAttention
            .filter(col(Cols.MATCHING_ARTICLES).gt(0))
            .select(
                col(Cols.GRAIN),
                col(Cols.PERIOD_START),
                col(Cols.OUTLET),
                col(Cols.THEME),
                col(Cols.MATCHING_ARTICLES),
                col(Cols.MATCHING_CLUSTERS));
    return new Counts(totals, matches);
  }

  /**
   * The table from matched articles: {@link #fromCounts} of the {@link #counts} of their {@link
   * #matches}.
   *
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
    return fromCounts(spark, counts(matches(matched), grains), themes, minArticles, thinFraction);
  }

  /**
   * The table from the counts of every period with articles. Which periods a series has (its
   * calendar, from its first to its last period with articles) and which are {@code thin} (against
   * the series' median) depend on the whole series, so {@code counts} must hold every period of
   * each series it holds, not only those that changed.
   */
  public static Dataset<Row> fromCounts(
      SparkSession spark,
      Counts counts,
      List<String> themes,
      int minArticles,
      double thinFraction) {
    String[] periodKey = {Cols.GRAIN, Cols.PERIOD_START, Cols.OUTLET};
    Dataset<Row> totals = counts.totals();
    Dataset<Row> matches = counts.matches();
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
