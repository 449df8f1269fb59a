package io.newsdrift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuMeterTest {
  @Test
  void anUnregisteredMeterOnlyRunsTheWork() {
    CpuMeter none = CpuMeter.none();
    int[] ran = {0};
    none.measure(10, () -> ran[0]++);
    assertThat(ran[0]).isEqualTo(1);
    assertThat(none.records()).isZero();
    assertThat(none.cpuNanos()).isZero();
  }
}
