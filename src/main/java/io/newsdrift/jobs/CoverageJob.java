package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.newsdrift.config.CoverageConfig;
import io.newsdrift.coverage.OutletDivergence;
import io.newsdrift.coverage.Shifts;
import io.newsdrift.coverage.ThemeAttention;
import io.newsdrift.coverage.ThemeMatcher;
import io.newsdrift.coverage.TopicPrevalence;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.schema.Table;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code coverage}: {@code articles}, {@code doc_topics} and the theme lexicons to {@code
 * theme_attention}, {@code topic_prevalence}, {@code shifts} and {@code outlet_divergence}. Without
 * a topic model only the theme tables (and theme shifts) are written.
 */
public final class CoverageJob {
  private final RunContext ctx;

  public CoverageJob(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run(SparkSession spark, RunLog log) {
    CoverageConfig config = CoverageConfig.from(ctx.settings());
    List<Grain> grains = Grain.parseAll(config.grains());
    Dataset<Row> articles = ctx.warehouse().read(spark, Table.ARTICLES);

    ThemeMatcher matcher = new ThemeMatcher(config.themes(), config.titleHits(), config.bodyHits());
    UserDefinedFunction themesOf =
        udf(
            (UDF2<String, String, String[]>)
                (title, text) -> matcher.match(title, text).toArray(String[]::new),
            DataTypes.createArrayType(DataTypes.StringType, false));
    Dataset<Row> matched =
        articles.select(
            col(Cols.ARTICLE_ID),
            col(Cols.OUTLET),
            col(Cols.DATE),
            col(Cols.DUP_CLUSTER_ID),
            themesOf.apply(col(Cols.TITLE), col(Cols.TEXT)).as(ThemeAttention.THEMES));
    log.writeStage(
        spark,
        "coverage: theme_attention",
        Table.THEME_ATTENTION,
        () ->
            ThemeAttention.compute(
                spark,
                matched,
                matcher.themes(),
                grains,
                config.minArticles(),
                config.thinFraction()));

    Optional<Dataset<Row>> topicPrevalence = Optional.empty();
    if (ctx.warehouse().exists(spark, Table.DOC_TOPICS)) {
      Dataset<Row> docTopics = ctx.warehouse().read(spark, Table.DOC_TOPICS);
      log.writeStage(
          spark,
          "coverage: topic_prevalence",
          Table.TOPIC_PREVALENCE,
          () ->
              TopicPrevalence.compute(
                  docTopics, grains, config.minArticles(), config.thinFraction()));
      Dataset<Row> prevalence = ctx.warehouse().read(spark, Table.TOPIC_PREVALENCE);
      topicPrevalence = Optional.of(prevalence);
      log.writeStage(
          spark,
          "coverage: outlet_divergence",
          Table.OUTLET_DIVERGENCE,
          () -> OutletDivergence.compute(prevalence, config.maxOutlets()));
    }

    Dataset<Row> attention = ctx.warehouse().read(spark, Table.THEME_ATTENTION);
    Optional<Dataset<Row>> distinctive =
        ctx.warehouse().exists(spark, Table.DISTINCTIVE_TERMS)
            ? Optional.of(ctx.warehouse().read(spark, Table.DISTINCTIVE_TERMS))
            : Optional.empty();
    Optional<Dataset<Row>> prevalenceForShifts = topicPrevalence;
    log.writeStage(
        spark,
        "coverage: shifts",
        Table.SHIFTS,
        () -> Shifts.compute(attention, prevalenceForShifts, distinctive, config));
  }
}
