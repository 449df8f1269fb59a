package io.newsdrift.spark;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The thread CPU time one kind of per-record work takes inside tasks (e.g. analysing articles'
 * text), with how many records and units (e.g. characters) it handled, summed over every task by
 * Spark accumulators. A job's task CPU ({@link SparkWork}) covers everything its stages do
 * (reading, shuffles, aggregation); this isolates one step of it, which is what a peer that does
 * only that step should be compared with. Like any accumulator updated in a transformation, a
 * retried or recomputed task is counted again.
 */
public final class CpuMeter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LongAccumulator cpuNanos;
  private final LongAccumulator records;
  private final LongAccumulator units;

  private CpuMeter(LongAccumulator cpuNanos, LongAccumulator records, LongAccumulator units) {
    this.cpuNanos = cpuNanos;
    this.records = records;
    this.units = units;
  }

  /** A meter whose accumulators are named after {@code name} in the Spark UI. */
  public static CpuMeter register(SparkContext sc, String name) {
    return new CpuMeter(
        sc.longAccumulator(name + ": CPU ns"),
        sc.longAccumulator(name + ": records"),
        sc.longAccumulator(name + ": units"));
  }

  /** Runs one record's work on this thread and adds its CPU time, the record and its units. */
  public void measure(long recordUnits, Runnable work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    work.run();
    cpuNanos.add(threads.getCurrentThreadCpuTime() - start);
    records.add(1);
    units.add(recordUnits);
  }

  public long cpuNanos() {
    return cpuNanos.sum();
  }

  public long records() {
    return records.sum();
  }

  public long units() {
    return units.sum();
  }

  /** "N records, U units, S s of task CPU (R records per CPU second)", with the given nouns. */
  public String summary(String recordNoun, String unitNoun) {
    double seconds = cpuNanos() / 1e9;
    return String.format(
        Locale.ROOT,
        "%,d %s, %,d %s, %.1f s of task CPU (%,.0f %s per CPU second)",
        records(),
        recordNoun,
        units(),
        unitNoun,
        seconds,
        seconds > 0 ? records() / seconds : 0.0,
        recordNoun);
  }
}
