package io.newsdrift.spark;

import java.util.concurrent.locks.LockSupport;

/**
 * Named points of a run where a fault test can stop the driver, so that it kills it there with
 * {@code kill -9} ({@code DriverKillIT}). When the environment variable {@value #VARIABLE} names a
 * point, the driver, on reaching it, prints one line {@code newsdrift: halted at <point>} to stderr
 * and then blocks that thread forever; nothing else changes (the writer lock's heartbeat goes on).
 * Unset, or naming a point the run never reaches, it has no effect.
 *
 * <p>The points, in the order a {@code nightly} reaches them:
 *
 * <ul>
 *   <li>{@code stage:<name>}: the start of each stage timed by {@code RunLog.stage}: {@code plan},
 *       {@code ingest}, {@code features}, {@code topics}, {@code coverage}, and the stages inside
 *       them ({@code phrases}, {@code vocabulary}, {@code topics_fit}, one per table that {@code
 *       RunLog.writeStage} writes, e.g. {@code stage:term_stats});
 *   <li>{@code before-commit:<table>} and {@code after-commit:<table>}: around each table's one
 *       Iceberg commit in {@code Warehouse.write} and {@code Warehouse.append} (after the table is
 *       created or evolved, before its data files are written; after the commit returned);
 *   <li>{@code runs-row}: when every stage is done, before the run's row is appended to {@code
 *       runs} (its commit is then {@code before-commit:runs}).
 * </ul>
 *
 * A point reached twice in one run ({@code before-commit:runs} when manifests of earlier runs are
 * appended first) halts at its first.
 */
public final class HaltPoints {
  /** The environment variable naming the point to halt at. */
  public static final String VARIABLE = "NEWSDRIFT_HALT_AT";

  private static final String AT = System.getenv(VARIABLE);

  private HaltPoints() {}

  /** Halts the calling thread for good if {@value #VARIABLE} names {@code point}. */
  public static void reach(String point) {
    if (AT == null || !AT.equals(point)) {
      return;
    }
    System.err.println("newsdrift: halted at " + point);
    System.err.flush();
    while (true) {
      LockSupport.park(); // returns spuriously or on interrupt: keep waiting for the kill
    }
  }
}
