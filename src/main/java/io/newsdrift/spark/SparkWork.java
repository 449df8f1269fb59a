package io.newsdrift.spark;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import scala.Option;

/**
 * How much Spark work a SparkContext has done, summed over its life: the CPU time finished tasks
 * spent on executors (Spark's {@code executorCpuTime}), Spark jobs, SQL queries (top-level
 * executions: one per action or table write) and the classes Spark compiled in this JVM (generated
 * code: in local mode every one; on a cluster the driver's). A piece of work's share is the
 * difference of two {@link Totals}: on a shared or loaded machine task CPU measures work per core
 * where wall time only measures the wait, and queries, jobs and compiled classes are the fixed part
 * of a run that does not follow the data.
 *
 * <p>Listener events arrive asynchronously, so a difference taken the moment a job ends may miss
 * its last few tasks; for stages of many tasks the error is small.
 */
public final class SparkWork extends SparkListener {
  private static SparkWork current;

  private final SparkContext context;
  private final AtomicLong cpuNanos = new AtomicLong();
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();

  private SparkWork(SparkContext context) {
    this.context = context;
  }

  /** The listener of this context, registered on first use. */
  public static synchronized SparkWork of(SparkContext context) {
    if (current == null || current.context != context) {
      current = new SparkWork(context);
      context.addSparkListener(current);
    }
    return current;
  }

  /** The listener of the active (else the default) session's context, if there is a session. */
  public static Optional<SparkWork> ofActiveSession() {
    Option<SparkSession> session = SparkSession.getActiveSession();
    if (session.isEmpty()) {
      session = SparkSession.getDefaultSession();
    }
    return session.isEmpty() ? Optional.empty() : Optional.of(of(session.get().sparkContext()));
  }

  /** What has been done so far. */
  public record Totals(long taskCpuNanos, long jobs, long queries, long compiledClasses) {
    public Totals minus(Totals before) {
      return new Totals(
          taskCpuNanos - before.taskCpuNanos,
          jobs - before.jobs,
          queries - before.queries,
          compiledClasses - before.compiledClasses);
    }

    /** "task CPU N ms, J jobs, Q queries, C classes compiled". */
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "task CPU %d ms, %d jobs, %d queries, %d classes compiled",
          taskCpuNanos / 1_000_000,
          jobs,
          queries,
          compiledClasses);
    }
  }

  public Totals totals() {
    return new Totals(
        cpuNanos.get(),
        jobs.get(),
        queries.get(),
        CodegenMetrics.METRIC_COMPILATION_TIME().getCount());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskMetrics() != null) {
      cpuNanos.addAndGet(taskEnd.taskMetrics().executorCpuTime());
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    // Nested executions (a write's inner query, a subquery) belong to their root's query.
    if (event instanceof SparkListenerSQLExecutionStart start
        && (start.rootExecutionId().isEmpty()
            || ((Long) start.rootExecutionId().get()) == start.executionId())) {
      queries.incrementAndGet();
    }
  }
}
