package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.time.LocalDate;
import org.apache.spark.sql.Column;

/**
 * The publication dates one run processes, both ends included (UTC); a null {@code from} reaches
 * back to the first date there is, and a null {@code to} forward to the last. Ingest keeps the
 * articles dated inside the window and counts the others as outside it.
 */
public record DateWindow(LocalDate from, LocalDate to) implements Serializable {
  private static final long serialVersionUID = 1L;

  public DateWindow {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("window starts (" + from + ") after it ends (" + to + ")");
    }
  }

  /** Every date: what {@code ingest} and {@code demo} process. */
  public static DateWindow all() {
    return new DateWindow(null, null);
  }

  public boolean isAll() {
    return from == null && to == null;
  }

  public boolean contains(LocalDate date) {
    return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
  }

  /** The same test as a Spark column over a DATE column (true for every row when unbounded). */
  public Column contains(Column date) {
    Column in = lit(true);
    if (from != null) {
      in = in.and(date.geq(lit(java.sql.Date.valueOf(from))));
    }
    if (to != null) {
      in = in.and(date.leq(lit(java.sql.Date.valueOf(to))));
    }
    return in;
  }

  @Override
  public String toString() {
    return (from == null ? "(first date)" : from.toString())
        + " .. "
        + (to == null ? "(last date)" : to.toString());
  }
}
