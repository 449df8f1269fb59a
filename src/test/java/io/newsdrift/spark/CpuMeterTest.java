package io.newsdrift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.testing.TestSpark;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class CpuMeterTest {
  /** Work measured inside tasks is summed on the driver: every record once, with its units. */
  @Test
  void sumsTheRecordsUnitsAndCpuOfWorkDoneInTasks() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    CpuMeter meter = CpuMeter.register(jsc.sc(), "test: words");
    List<String> words = List.of("a", "bb", "ccc", "dddd", "eeeee", "ffffff");
    long done =
        jsc.parallelize(words, 3)
            .map(
                w -> {
                  StringBuilder spin = new StringBuilder();
                  meter.measure(w.length(), () -> spin.append(w.repeat(10_000)).reverse());
                  return spin.length();
                })
            .count();
    assertThat(done).isEqualTo(6);
    assertThat(meter.records()).isEqualTo(6);
    assertThat(meter.units()).isEqualTo(21);
    assertThat(meter.cpuNanos()).isPositive();
    assertThat(meter.summary("words", "letters")).startsWith("6 words, 21 letters, ");
  }
}
