package io.newsdrift.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates or joins the SparkSession for the command line. Jobs never create or stop sessions
 * themselves: they take one, so that a notebook's or a test's session survives them.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The settings every newsdrift session needs whoever starts it: UTC session time, dynamic
   * partition overwrite (a re-run replaces only the partitions it writes), and the classic file
   * committer, which is the one that supports dynamic partition overwrite; and S3A's encryption
   * keys redacted like its access keys ({@link Secrets#protect}).
   */
  public static void applyRequired(SparkConf conf) {
    Secrets.protect(conf);
    conf.set("spark.sql.session.timeZone", "UTC");
    conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic");
    conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
    conf.setIfMissing("spark.sql.adaptive.enabled", "true");
    conf.setIfMissing("spark.sql.shuffle.partitions", "16");
    conf.setIfMissing("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "1");
  }

  /**
   * The session for a command-line run: {@code spark.master} from spark-submit, or {@code local[*]}
   * when the launcher runs locally.
   */
  public static SparkSession forCommandLine(String appName, java.util.Map<String, String> confs) {
    SparkConf conf = new SparkConf().setAppName(appName);
    conf.setIfMissing("spark.master", "local[*]");
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    confs.forEach(conf::set);
    applyRequired(conf);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** Makes an existing session (a notebook's, a test's) fit for newsdrift's jobs. */
  public static void prepare(SparkSession spark) {
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    spark.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
  }
}
