package io.newsdrift.spark;

import org.apache.spark.sql.Dataset;

/**
 * Cuts the lineage of an iterative computation. With a checkpoint folder set on the session's
 * context (jobs on a cluster set one, see {@code IngestJob}) the data is checkpointed reliably, so
 * losing an executor loses nothing; without one (local runs, where the executors live and die with
 * the driver) a faster local checkpoint in executor storage is enough.
 */
public final class Lineage {
  private Lineage() {}

  public static <T> Dataset<T> cut(Dataset<T> df) {
    return df.sparkSession().sparkContext().getCheckpointDir().isDefined()
        ? df.checkpoint()
        : df.localCheckpoint();
  }
}
