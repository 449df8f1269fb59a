package io.newsdrift.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.AnalyzerConfig;
import io.newsdrift.schema.Cols;
import io.newsdrift.spark.CpuMeter;
import io.newsdrift.testing.TestSpark;
import io.newsdrift.text.Analyzer;
import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Term and document counts per (outlet, day, term), and what the meter records of the work. */
class TermCountsTest {
  private static final StructType ARTICLES =
      new StructType()
          .add(Cols.OUTLET, DataTypes.StringType)
          .add(Cols.DATE, DataTypes.DateType)
          .add(Cols.TITLE, DataTypes.StringType)
          .add(Cols.TEXT, DataTypes.StringType)
          .add(Cols.LANGUAGE, DataTypes.StringType);

  @Test
  void countsTermsAndArticlesPerOutletAndDayAndMetersEveryArticle() {
    SparkSession spark = TestSpark.session();
    Date day = Date.valueOf("2024-03-01");
    List<Row> rows =
        List.of(
            RowFactory.create("A", day, "Oil prices", "oil oil gas", "en"),
            RowFactory.create("A", day, null, "gas pipeline", "en"),
            RowFactory.create("B", day, "Oil", null, "en"));
    // Two partitions, so the same (outlet, day, term) can come from both and must be summed.
    Dataset<Row> articles = spark.createDataFrame(rows, ARTICLES).repartition(2);
    CpuMeter meter = CpuMeter.register(spark.sparkContext(), "test: text analysis");
    Analyzer analyzer = new Analyzer(new AnalyzerConfig(2, List.of(), false));

    Map<String, long[]> counts = new HashMap<>();
    for (Row r :
        TermCounts.perOutletAndDay(spark, articles, analyzer, meter::measure).collectAsList()) {
      long[] c = counts.computeIfAbsent(r.getString(0) + " " + r.getString(2), k -> new long[2]);
      c[0] += r.getLong(3);
      c[1] += r.getLong(4);
    }

    assertThat(counts.get("A oil")).containsExactly(3, 1); // title and body of one article
    assertThat(counts.get("A gas")).containsExactly(2, 2);
    assertThat(counts.get("A pipeline")).containsExactly(1, 1);
    assertThat(counts.get("B oil")).containsExactly(1, 1);
    assertThat(meter.records()).isEqualTo(3);
    // "Oil prices\noil oil gas", "gas pipeline" and "Oil": title and text as one
    long characters = 22 + 12 + 3;
    assertThat(meter.units()).isEqualTo(characters);
    assertThat(meter.cpuNanos()).isPositive();
    assertThat(meter.summary("articles", "characters"))
        .startsWith("3 articles, " + characters + " characters, ");
  }
}
