package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;

import io.newsdrift.config.ConfigException;
import io.newsdrift.io.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The succeeded runs recorded in the {@code runs} table, oldest first: what {@code nightly} reads
 * to find its watermark and the age of the topic model. One row per run, so collecting it is cheap.
 */
public final class RunHistory {
  private RunHistory() {}

  /** One past run: its command, logical date, the window it processed and the model it used. */
  public record PastRun(
      String runId,
      String command,
      Instant startedAt,
      LocalDate logicalDate,
      LocalDate dateFrom,
      LocalDate dateTo,
      String modelId) {}

  public static List<PastRun> succeeded(SparkSession spark, Warehouse warehouse) {
    List<PastRun> out = new ArrayList<>();
    warehouse
        .readIfExists(spark, RunLog.TABLE)
        .ifPresent(
            runs -> {
              for (Row r :
                  runs.filter(col("status").equalTo("succeeded"))
                      .select(
                          "run_id",
                          "command",
                          "started_at",
                          "logical_date",
                          "date_from",
                          "date_to",
                          "model_id")
                      .collectAsList()) {
                out.add(
                    new PastRun(
                        r.getString(0),
                        r.getString(1),
                        ((Timestamp) r.get(2)).toInstant(),
                        localDate(r.get(3)),
                        localDate(r.get(4)),
                        localDate(r.get(5)),
                        r.getString(6)));
              }
            });
    out.sort(Comparator.comparing(PastRun::startedAt).thenComparing(PastRun::runId));
    return out;
  }

  /**
   * The run's context with its warehouse pinned to the tables as run {@code runId} left them
   * (report --as-of): the snapshots it committed, and for the tables it did not write those current
   * when it finished.
   */
  public static RunContext pinnedTo(SparkSession spark, RunContext ctx, String runId) {
    Row run =
        ctx.warehouse()
            .readIfExists(spark, RunLog.TABLE)
            .flatMap(
                runs ->
                    runs
                        .filter(col("run_id").equalTo(runId))
                        .select("finished_at", "table_snapshots")
                        .collectAsList()
                        .stream()
                        .findFirst())
            .orElseThrow(
                () ->
                    new ConfigException(
                        "--as-of "
                            + runId
                            + ": no such run in the runs table of "
                            + ctx.warehouse().root()
                            + " (run ids look like 20240516T023000Z-1a2b3c; see the runs table)"));
    Map<String, Long> snapshots = run.isNullAt(1) ? Map.of() : run.<String, Long>getJavaMap(1);
    Warehouse.Pin pin =
        new Warehouse.Pin(runId, Map.copyOf(snapshots), ((Timestamp) run.get(0)).toInstant());
    return new RunContext(
        ctx.warehouse().pinnedTo(pin), ctx.config(), ctx.runId(), ctx.logicalDate(), ctx.command());
  }

  private static LocalDate localDate(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof LocalDate d ? d : ((Date) value).toLocalDate();
  }
}
