package io.newsdrift.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.testing.TestSpark;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class PredicatesTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void anyOfThousandsOfTermsFiltersWithoutOverflowingTheStack() {
    // Every fifth id of 5,000, one term each: a chain of a third as many ORs overflowed the stack.
    List<Column> terms =
        LongStream.range(0, 5_000)
            .filter(i -> i % 5 == 0)
            .mapToObj(i -> col("id").equalTo(i))
            .toList();
    assertThat(spark.range(0, 50).filter(Predicates.anyOf(terms)).count()).isEqualTo(10);
    assertThat(spark.range(0, 50).filter(Predicates.anyOf(List.of())).count()).isZero();
  }
}
