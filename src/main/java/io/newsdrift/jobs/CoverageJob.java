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
import io.newsdrift.topics.VbTopics;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code coverage}: {@code articles}, {@code doc_topics} and the theme lexicons to {@code
 * theme_attention}, {@code topic_prevalence}, {@code shifts} and {@code outlet_divergence}. Without
 * a topic model (no {@code doc_topics} rows) the topic tables are written empty, with one WARN
 * line, and {@code shifts} holds theme rows only.
 */
public final class CoverageJob {
  private static final Logger LOG = LoggerFactory.getLogger(CoverageJob.class);
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

    // Without topics (too few articles for a model yet) the topic tables are still written, with
    // their columns and no rows, so that readers find every table.
    Dataset<Row> docTopics =
        ctx.warehouse().exists(spark, Table.DOC_TOPICS)
            ? ctx.warehouse().read(spark, Table.DOC_TOPICS)
            : VbTopics.noDocTopics(spark);
    if (docTopics.isEmpty()) {
      LOG.warn(
          "coverage: topic_prevalence, outlet_divergence and the topic rows of shifts left empty:"
              + " doc_topics has no rows (no topic model could be fitted yet)");
    }
    log.writeStage(
        spark,
        "coverage: topic_prevalence",
        Table.TOPIC_PREVALENCE,
        () ->
            TopicPrevalence.compute(
                docTopics, grains, config.minArticles(), config.thinFraction()));
    Dataset<Row> prevalence = ctx.warehouse().read(spark, Table.TOPIC_PREVALENCE);
    log.writeStage(
        spark,
        "coverage: outlet_divergence",
        Table.OUTLET_DIVERGENCE,
        () -> OutletDivergence.compute(prevalence, config.maxOutlets()));

    Dataset<Row> attention = ctx.warehouse().read(spark, Table.THEME_ATTENTION);
    Optional<Dataset<Row>> distinctive =
        ctx.warehouse().exists(spark, Table.DISTINCTIVE_TERMS)
            ? Optional.of(ctx.warehouse().read(spark, Table.DISTINCTIVE_TERMS))
            : Optional.empty();
    log.writeStage(
        spark,
        "coverage: shifts",
        Table.SHIFTS,
        () -> Shifts.compute(attention, Optional.of(prevalence), distinctive, config));
  }
}
