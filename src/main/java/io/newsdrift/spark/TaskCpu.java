package io.newsdrift.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The CPU time that finished tasks spent on executors (Spark's {@code executorCpuTime}), summed
 * over the life of a SparkContext. A stage's share is the difference across it: on a shared or
 * loaded machine that measures work per core where wall time only measures the wait.
 *
 * <p>Listener events arrive asynchronously, so a difference taken the moment a job ends may miss
 * its last few tasks; for stages of many tasks the error is small.
 */
public final class TaskCpu extends SparkListener {
  private static TaskCpu current;

  private final SparkContext context;
  private final AtomicLong cpuNanos = new AtomicLong();

  private TaskCpu(SparkContext context) {
    this.context = context;
  }

  /** The listener of this context, registered on first use. */
  public static synchronized TaskCpu of(SparkContext context) {
    if (current == null || current.context != context) {
      current = new TaskCpu(context);
      context.addSparkListener(current);
    }
    return current;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskMetrics() != null) {
      cpuNanos.addAndGet(taskEnd.taskMetrics().executorCpuTime());
    }
  }

  public long cpuNanos() {
    return cpuNanos.get();
  }
}
