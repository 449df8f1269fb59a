package io.newsdrift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmOverheadTest {
  @Test
  void countsCompilationAndCollectionsOfThisJvm() {
    // Allocation enough for a young collection, and a hot loop for the JIT compiler.
    List<byte[]> garbage = new ArrayList<>();
    long sum = 0;
    for (int i = 0; i < 200_000; i++) {
      garbage.add(new byte[1024]);
      if (garbage.size() > 1000) {
        garbage.clear();
      }
      sum += Integer.toString(i).hashCode();
    }
    assertThat(JvmOverhead.compileMillis()).as("after a hot loop (%d)", sum).isPositive();
    // milliseconds, not nanoseconds: never more than the JVM has been up
    assertThat(JvmOverhead.gcMillis())
        .isLessThanOrEqualTo(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    assertThat(JvmOverhead.summary())
        .matches("[0-9.]+ s up, JIT compilation [0-9.]+ s, garbage-collection pauses [0-9.]+ s");
  }
}
