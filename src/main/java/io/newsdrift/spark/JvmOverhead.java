package io.newsdrift.spark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What this JVM has spent on itself since it started: just-in-time compilation (summed over the
 * compiler threads) and garbage-collection pauses. On a run of a few hundred MB the JIT compiler
 * alone takes a sixth of the CPU, and most of it is a fixed cost of warming Spark up; the run log
 * reports it so that the fixed part of a small run's time is visible, not guessed.
 */
public final class JvmOverhead {
  private JvmOverhead() {}

  /** Milliseconds spent in JIT compilation, or -1 when the JVM does not report it. */
  public static long compileMillis() {
    var compilation = ManagementFactory.getCompilationMXBean();
    return compilation != null && compilation.isCompilationTimeMonitoringSupported()
        ? compilation.getTotalCompilationTime()
        : -1;
  }

  /** Milliseconds spent in collections (pauses; the collectors' concurrent work is not counted). */
  public static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** One line for the log: uptime, JIT compilation and GC pauses, in seconds. */
  public static String summary() {
    return String.format(
        Locale.ROOT,
        "%.1f s up, JIT compilation %.1f s, garbage-collection pauses %.1f s",
        ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
        compileMillis() / 1e3,
        gcMillis() / 1e3);
  }
}
