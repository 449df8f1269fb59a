package io.newsdrift.testing;

import io.newsdrift.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM: {@code local[2]}, UI off, everything on 127.0.0.1, few
 * shuffle partitions, no generated code. Created on first use and never stopped by a test (the
 * JVM's exit stops it).
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      SparkConf conf =
          new SparkConf()
              .setMaster("local[2]")
              .setAppName("newsdrift-tests")
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1")
              .set("spark.sql.shuffle.partitions", "4")
              .set("spark.default.parallelism", "4")
              .set("spark.sql.adaptive.enabled", "true")
              // Expressions interpreted, no generated code: the same results (Spark's own suites
              // run both modes), and a fifth less time on test-sized data, where compiling the
              // generated classes costs more than running them. CI's demo run, the integration
              // tests (spark-submit) and the benchmarks run generated code, as a deployment does.
              .set("spark.sql.codegen.wholeStage", "false")
              .set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      SparkSessions.applyRequired(conf);
      session = SparkSession.builder().config(conf).getOrCreate();
    }
    return session;
  }

  /** Whether no dataset is cached in the session (what a finished run must leave). */
  public static boolean nothingCached(SparkSession spark) {
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .sharedState()
        .cacheManager()
        .isEmpty();
  }
}
