package io.newsdrift.schema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Period grains of the time-series tables. Weeks start on Monday; all dates are UTC. */
public enum Grain {
  DAY,
  WEEK,
  MONTH;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Grain parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  public static List<Grain> parseAll(List<String> names) {
    return names.stream().map(Grain::parse).toList();
  }

  /** The first day of the period that holds {@code date} (a DATE column). */
  public Column periodStart(Column date) {
    return switch (this) {
      case DAY -> date;
      case WEEK -> to_date(functions.date_trunc("week", date));
      case MONTH -> trunc(date, "month");
    };
  }

  /** The same for a Java date. */
  public LocalDate periodStart(LocalDate date) {
    return switch (this) {
      case DAY -> date;
      case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> date.withDayOfMonth(1);
    };
  }

  /** The SQL interval between consecutive period starts, for {@code sequence()}. */
  public String stepInterval() {
    return switch (this) {
      case DAY -> "interval 1 day";
      case WEEK -> "interval 1 week";
      case MONTH -> "interval 1 month";
    };
  }

  /** Adds the grain and period columns of this grain to rows that have a {@code date}. */
  public Column grainLiteral() {
    return lit(label()).as(Cols.GRAIN);
  }

  public Column periodStartOfDate() {
    return periodStart(col(Cols.DATE)).as(Cols.PERIOD_START);
  }
}
