package io.newsdrift.schema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.newsdrift.spark.Predicates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * Some periods of some grains, each named by its first day: the part of a table keyed by grain and
 * period ({@code term_stats}, {@code distinctive_terms}) that an incremental run recomputes, or
 * reads to do so. Immutable. Consecutive periods of a grain are one day, one week (Monday to
 * Sunday) or one calendar month apart, as in {@code distinctive_terms}' history.
 */
public final class PeriodSet {
  private final Map<Grain, SortedSet<LocalDate>> starts;

  private PeriodSet(Map<Grain, SortedSet<LocalDate>> starts) {
    EnumMap<Grain, SortedSet<LocalDate>> copy = new EnumMap<>(Grain.class);
    starts.forEach((g, s) -> copy.put(g, Collections.unmodifiableSortedSet(new TreeSet<>(s))));
    this.starts = Collections.unmodifiableMap(copy);
  }

  /** The periods of each grain that hold one of the dates. */
  public static PeriodSet holding(Collection<LocalDate> dates, List<Grain> grains) {
    Map<Grain, SortedSet<LocalDate>> starts = new EnumMap<>(Grain.class);
    for (Grain g : grains) {
      SortedSet<LocalDate> s = new TreeSet<>();
      for (LocalDate d : dates) {
        s.add(g.periodStart(d));
      }
      starts.put(g, s);
    }
    return new PeriodSet(starts);
  }

  /** No period. */
  public static PeriodSet none() {
    return new PeriodSet(Map.of());
  }

  /** The periods named by rows of {@code grain} (a label) and {@code period_start}. */
  public static PeriodSet of(List<Row> rows) {
    Map<Grain, SortedSet<LocalDate>> starts = new EnumMap<>(Grain.class);
    for (Row r : rows) {
      Object start = r.getAs(Cols.PERIOD_START);
      LocalDate date = start instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) start;
      starts.computeIfAbsent(Grain.parse(r.getAs(Cols.GRAIN)), g -> new TreeSet<>()).add(date);
    }
    return new PeriodSet(starts);
  }

  public PeriodSet plus(PeriodSet other) {
    Map<Grain, SortedSet<LocalDate>> union = new EnumMap<>(Grain.class);
    for (PeriodSet s : List.of(this, other)) {
      s.starts.forEach((g, d) -> union.computeIfAbsent(g, x -> new TreeSet<>()).addAll(d));
    }
    return new PeriodSet(union);
  }

  public PeriodSet minus(PeriodSet other) {
    Map<Grain, SortedSet<LocalDate>> left = new EnumMap<>(Grain.class);
    starts.forEach(
        (g, d) -> {
          SortedSet<LocalDate> l = new TreeSet<>(d);
          l.removeAll(other.starts(g));
          left.put(g, l);
        });
    return new PeriodSet(left);
  }

  /** The number of periods, over every grain. */
  public int size() {
    return starts.values().stream().mapToInt(SortedSet::size).sum();
  }

  /** The grains, in their order (day, week, month). */
  public List<Grain> grains() {
    return List.copyOf(starts.keySet());
  }

  /** The first days of this set's periods of {@code grain}, in order (none for another grain). */
  public SortedSet<LocalDate> starts(Grain grain) {
    return starts.getOrDefault(grain, Collections.emptySortedSet());
  }

  public boolean isEmpty() {
    return starts.values().stream().allMatch(SortedSet::isEmpty);
  }

  /** Each period with the {@code n} periods of its grain that follow it. */
  public PeriodSet withFollowing(int n) {
    return widened(0, n);
  }

  /** Each period with the {@code n} periods of its grain that precede it. */
  public PeriodSet withPreceding(int n) {
    return widened(n, 0);
  }

  private PeriodSet widened(int before, int after) {
    Map<Grain, SortedSet<LocalDate>> wider = new EnumMap<>(Grain.class);
    starts.forEach(
        (g, s) -> {
          SortedSet<LocalDate> w = new TreeSet<>();
          for (LocalDate start : s) {
            for (int i = -before; i <= after; i++) {
              w.add(step(g, start, i));
            }
          }
          wider.put(g, w);
        });
    return new PeriodSet(wider);
  }

  /** Every day of every period. */
  public SortedSet<LocalDate> days() {
    SortedSet<LocalDate> days = new TreeSet<>();
    starts.forEach(
        (g, s) -> {
          for (LocalDate start : s) {
            for (LocalDate d = start; d.isBefore(step(g, start, 1)); d = d.plusDays(1)) {
              days.add(d);
            }
          }
        });
    return days;
  }

  /** Whether a row's {@code grain} and {@code period_start} name one of these periods. */
  public Column contains() {
    Column any = lit(false);
    for (Map.Entry<Grain, SortedSet<LocalDate>> e : starts.entrySet()) {
      if (!e.getValue().isEmpty()) {
        any =
            any.or(
                col(Cols.GRAIN)
                    .equalTo(e.getKey().label())
                    .and(col(Cols.PERIOD_START).isin(e.getValue().toArray())));
      }
    }
    return any;
  }

  /**
   * {@link #contains()} for the rows of a stored table partitioned by {@code grain} and {@code
   * period_month}: the same rows, tested on the partition columns too so that the table format
   * reads only the partitions of these periods.
   */
  public Column containsStored() {
    return partitions().and(contains());
  }

  /**
   * The partitions ({@code grain}, {@code period_month}) of a table partitioned by both that hold
   * these periods: a condition on the partition columns alone, as a replacement of them names its
   * partitions ({@code Warehouse.replace}).
   */
  public Column partitions() {
    Column any = lit(false);
    for (Map.Entry<Grain, SortedSet<LocalDate>> e : starts.entrySet()) {
      if (!e.getValue().isEmpty()) {
        Object[] months = e.getValue().stream().map(d -> d.withDayOfMonth(1)).distinct().toArray();
        any =
            any.or(
                col(Cols.GRAIN)
                    .equalTo(e.getKey().label())
                    .and(col(Cols.PERIOD_MONTH).isin(months)));
      }
    }
    return any;
  }

  /**
   * Whether a DATE column lies in one of these periods: the days whose rows make them, as a few
   * ranges that a date-partitioned table is pruned by.
   */
  public Column holds(Column date) {
    List<LocalDate[]> ranges = new ArrayList<>();
    starts.forEach(
        (g, s) -> s.forEach(start -> ranges.add(new LocalDate[] {start, step(g, start, 1)})));
    ranges.sort((a, b) -> a[0].compareTo(b[0]));
    List<LocalDate[]> merged = new ArrayList<>();
    for (LocalDate[] r : ranges) {
      LocalDate[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !r[0].isAfter(last[1])) {
        if (r[1].isAfter(last[1])) {
          last[1] = r[1];
        }
      } else {
        merged.add(r);
      }
    }
    return Predicates.anyOf(
        merged.stream().map(r -> date.geq(lit(r[0])).and(date.lt(lit(r[1])))).toList());
  }

  /**
   * The start of the period {@code n} periods after (before, if negative) the one at {@code start}.
   */
  static LocalDate step(Grain grain, LocalDate start, long n) {
    return switch (grain) {
      case DAY -> start.plusDays(n);
      case WEEK -> start.plusWeeks(n);
      case MONTH -> start.plusMonths(n);
    };
  }

  /** For logs: e.g. {@code day 2024-02-07 .. 2024-02-11 (5), week 2024-02-05, month 2024-02-01}. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "no period";
    }
    return starts.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(
            e -> {
              SortedSet<LocalDate> s = e.getValue();
              return e.getKey().label()
                  + " "
                  + (s.size() == 1
                      ? s.first()
                      : s.first() + " .. " + s.last() + " (" + s.size() + ")");
            })
        .collect(Collectors.joining(", "));
  }
}
