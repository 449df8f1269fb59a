package io.newsdrift.testing;

import io.newsdrift.spark.SparkSessions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The local SparkSession every benchmark under {@code bench/} measures with: no UI, bound to
 * 127.0.0.1, eight shuffle partitions (two cores), and the settings every newsdrift session needs.
 * One place, so the benchmarks compare like with like.
 */
public final class BenchmarkSpark {
  private BenchmarkSpark() {}

  public static SparkSession session(String appName, int cores) {
    SparkConf conf =
        new SparkConf()
            .setMaster("local[" + cores + "]")
            .setAppName(appName)
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.sql.shuffle.partitions", "8");
    SparkSessions.applyRequired(conf);
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
