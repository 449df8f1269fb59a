package io.newsdrift.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels Spark jobs with readable descriptions, so the UI and the logs tell the story of a run, and
 * logs each piece of work's wall time and the Spark work it did ({@link SparkWork}: task CPU, jobs,
 * queries, compiled classes).
 */
public final class JobGroups {
  private static final Logger LOG = LoggerFactory.getLogger(JobGroups.class);

  private JobGroups() {}

  /**
   * Runs {@code work} with its Spark jobs in one job group ({@code newsdrift:<description>}, which
   * the UI shows and {@code cancelJobGroup} can stop) described by {@code description}; the
   * caller's group and description are restored afterwards.
   */
  public static <T> T describe(SparkSession spark, String description, Supplier<T> task) {
    var sc = spark.sparkContext();
    String previousGroup = sc.getLocalProperty("spark.jobGroup.id");
    String previous = sc.getLocalProperty("spark.job.description");
    sc.setJobGroup("newsdrift:" + description, description, false);
    SparkWork work = SparkWork.of(sc);
    long start = System.nanoTime();
    SparkWork.Totals before = work.totals();
    LOG.info("{} ...", description);
    try {
      return task.get();
    } finally {
      LOG.info(
          "{} done in {} ms ({})",
          description,
          (System.nanoTime() - start) / 1_000_000,
          work.totals().minus(before));
      sc.setLocalProperty("spark.jobGroup.id", previousGroup);
      sc.setJobDescription(previous);
    }
  }

  public static void describe(SparkSession spark, String description, Runnable work) {
    describe(
        spark,
        description,
        () -> {
          work.run();
          return null;
        });
  }
}
