package io.newsdrift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkWorkTest {
  /** One action is one query of at least one job; a query nested in another is not counted. */
  @Test
  void countsQueriesJobsAndTaskCpuOfTheWorkBetweenTwoTotals() throws Exception {
    SparkSession spark = TestSpark.session();
    SparkWork work = SparkWork.of(spark.sparkContext());
    assertThat(SparkWork.ofActiveSession()).containsSame(work);
    spark.range(10).count(); // warm: the listener sees the session's first events too
    spark.sparkContext().listenerBus().waitUntilEmpty();
    SparkWork.Totals before = work.totals();
    long sum = spark.range(0, 200_000, 1, 4).selectExpr("sum(id * id) AS s").first().getLong(0);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    SparkWork.Totals done = work.totals().minus(before);
    assertThat(sum).isPositive();
    assertThat(done.queries()).isEqualTo(1);
    assertThat(done.jobs()).isBetween(1L, 3L);
    assertThat(done.taskCpuNanos()).isPositive();
    assertThat(done.compiledClasses()).isNotNegative();
    assertThat(done.toString())
        .matches("task CPU \\d+ ms, \\d jobs, 1 queries, \\d+ classes compiled");
  }
}
