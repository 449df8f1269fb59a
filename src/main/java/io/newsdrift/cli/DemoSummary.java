package io.newsdrift.cli;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;

import io.newsdrift.jobs.DemoJob;
import io.newsdrift.jobs.RunContext;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the demo prints after its summary line: where each table is and the top shifts found. */
final class DemoSummary {
  private static final int TOP_SHIFTS = 10;

  private DemoSummary() {}

  static String describe(SparkSession spark, RunContext ctx, DemoJob.Outcome outcome) {
    StringBuilder sb = new StringBuilder(Command.pipeline(outcome.pipeline()));
    sb.append(" corpus=").append(outcome.corpus().dir().toAbsolutePath());
    sb.append("\n\ntables:\n");
    for (Table t : Table.values()) {
      sb.append(String.format(Locale.ROOT, "  %-18s %s%n", t.tableName(), ctx.warehouse().path(t)));
    }
    sb.append(
        String.format(
            Locale.ROOT, "  %-18s %s%n", RunLog.TABLE, ctx.warehouse().path(RunLog.TABLE)));
    sb.append("\nplanted shifts (what the demo corpus hides):\n");
    outcome
        .corpus()
        .shifts()
        .forEach(
            s ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "  %-8s %-14s from %s  share %.2f -> %.2f%n",
                        s.theme(),
                        s.outlet(),
                        s.from(),
                        s.shareBefore(),
                        s.shareAfter())));
    sb.append("\ntop weekly theme shifts found (table shifts, flag != none):\n");
    List<Row> top =
        ctx.warehouse()
            .read(spark, Table.SHIFTS)
            .filter(col(Cols.GRAIN).equalTo("week"))
            .filter(col(Cols.SUBJECT_TYPE).equalTo("theme"))
            .filter(col(Cols.FLAG).notEqual("none"))
            .orderBy(abs(col(Cols.Z_SCORE)).desc())
            .limit(TOP_SHIFTS)
            .collectAsList();
    if (top.isEmpty()) {
      sb.append("  (none)\n");
    }
    for (Row r : top) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  week of %s  %-14s %-8s %-4s share %.3f vs baseline %.3f (z=%.1f)  new terms: %s%n",
              r.getAs(Cols.PERIOD_START),
              r.<String>getAs(Cols.OUTLET),
              r.<String>getAs(Cols.SUBJECT),
              r.<String>getAs(Cols.FLAG),
              r.<Double>getAs(Cols.SHARE),
              r.<Double>getAs(Cols.BASELINE_SHARE),
              r.<Double>getAs(Cols.Z_SCORE),
              String.join(
                  ", ",
                  r.<String>getList(r.fieldIndex(Cols.TERMS))
                      .subList(0, Math.min(5, r.getList(r.fieldIndex(Cols.TERMS)).size())))));
    }
    return sb.toString().stripTrailing();
  }
}
