package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.testing.TestSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A syndication burst: in the second week, the wire's four Ukraine stories are republished by both
 * other outlets. The same articles are measured twice, once with the copies in the wire's duplicate
 * clusters (as ingest links them) and once as independent stories.
 */
class ThemeAttentionTest {
  private static final StructType MATCHED =
      new StructType()
          .add(Cols.ARTICLE_ID, DataTypes.StringType)
          .add(Cols.OUTLET, DataTypes.StringType)
          .add(Cols.DATE, DataTypes.DateType)
          .add(Cols.DUP_CLUSTER_ID, DataTypes.StringType)
          .add(ThemeAttention.THEMES, DataTypes.createArrayType(DataTypes.StringType));
  private static final Date W1 = Date.valueOf("2024-01-02");
  private static final Date W2 = Date.valueOf("2024-01-09");
  private static final Date W2_MONDAY = Date.valueOf("2024-01-08");

  /** 10 articles per outlet and week; one Ukraine story each in week 1, four in week 2. */
  private static Dataset<Row> corpus(SparkSession spark, boolean linked) {
    List<Row> rows = new ArrayList<>();
    for (String outlet : List.of("wire", "a", "b")) {
      for (int i = 0; i < 10; i++) {
        String id = outlet + "-1-" + i;
        rows.add(RowFactory.create(id, outlet, W1, id, i == 0 ? List.of("ukraine") : List.of()));
      }
      for (int i = 0; i < 10; i++) {
        String id = outlet + "-2-" + i;
        boolean ukraine = i < 4;
        // Copies of the wire's stories join its cluster when linked.
        String cluster = ukraine && linked ? "wire-2-" + i : id;
        rows.add(
            RowFactory.create(id, outlet, W2, cluster, ukraine ? List.of("ukraine") : List.of()));
      }
    }
    return spark.createDataFrame(rows, MATCHED);
  }

  private static Map<String, Row> byKey(Dataset<Row> attention) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : attention.filter(col(Cols.THEME).equalTo("ukraine")).collectAsList()) {
      out.put(r.getAs(Cols.OUTLET) + " " + r.getAs(Cols.PERIOD_START), r);
    }
    return out;
  }

  @Test
  void republishedStoriesChangeTheDedupShareButNotTheShare() {
    SparkSession spark = TestSpark.session();
    List<Grain> week = List.of(Grain.WEEK);
    Map<String, Row> linked =
        byKey(ThemeAttention.compute(spark, corpus(spark, true), List.of("ukraine"), week, 5, 0.1));
    Map<String, Row> independent =
        byKey(
            ThemeAttention.compute(spark, corpus(spark, false), List.of("ukraine"), week, 5, 0.1));

    assertThat(linked.keySet()).hasSize(8).isEqualTo(independent.keySet());
    for (String key : linked.keySet()) {
      assertThat(linked.get(key).<Double>getAs(Cols.SHARE))
          .as("share of %s", key)
          .isEqualTo(independent.get(key).<Double>getAs(Cols.SHARE));
    }
    Row all2 = linked.get("ALL 2024-01-08");
    assertThat(all2.<Long>getAs(Cols.MATCHING_ARTICLES)).isEqualTo(12L);
    assertThat(all2.<Double>getAs(Cols.SHARE)).isEqualTo(12.0 / 30);
    // 4 wire stories once each, out of 10 wire + 6 + 6 own stories.
    assertThat(all2.<Long>getAs(Cols.MATCHING_CLUSTERS)).isEqualTo(4L);
    assertThat(all2.<Long>getAs(Cols.TOTAL_CLUSTERS)).isEqualTo(22L);
    assertThat(all2.<Double>getAs(Cols.DEDUP_SHARE)).isEqualTo(4.0 / 22);
    assertThat(independent.get("ALL 2024-01-08").<Double>getAs(Cols.DEDUP_SHARE))
        .isEqualTo(12.0 / 30);
    // Week 1 has no copies; at one outlet a copy is one story there either way.
    assertThat(linked.get("ALL 2024-01-01").<Double>getAs(Cols.DEDUP_SHARE)).isEqualTo(0.1);
    assertThat(linked.get("a 2024-01-08").<Double>getAs(Cols.DEDUP_SHARE)).isEqualTo(0.4);
    assertThat(linked.get("a 2024-01-08").<Double>getAs(Cols.CI_LOW)).isBetween(0.1, 0.4);
  }

  /**
   * What an incremental run relies on: the counts a table holds give the table back, and a period's
   * counts recounted from its own articles join the other periods' stored counts seamlessly.
   */
  @Test
  void theCountsOfTheTableAndOfOnePeriodGiveTheTableBack() {
    SparkSession spark = TestSpark.session();
    List<Grain> grains = List.of(Grain.WEEK, Grain.MONTH);
    List<String> themes = List.of("ukraine");
    Dataset<Row> articles = corpus(spark, true);
    Dataset<Row> table = ThemeAttention.compute(spark, articles, themes, grains, 5, 0.1);
    Column week2 = col(Cols.GRAIN).equalTo("week").and(col(Cols.PERIOD_START).equalTo(W2_MONDAY));
    ThemeAttention.Counts counts =
        ThemeAttention.counts(
                ThemeAttention.matches(articles.filter(col(Cols.DATE).equalTo(W2))), grains)
            .filter(week2)
            .union(ThemeAttention.countsOf(table).filter(not(week2)));
    Dataset<Row> again = ThemeAttention.fromCounts(spark, counts, themes, 5, 0.1);
    assertThat(again.exceptAll(table).count()).isZero();
    assertThat(table.exceptAll(again).count()).isZero();
    assertThat(table.count()).isEqualTo(8 + 4); // 4 outlets: 2 weeks and 1 month each
  }
}
