package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.lit;

import io.newsdrift.schema.Grain;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Column;

/**
 * The publication dates whose articles a run changed: the night's work for every stage after
 * ingest. {@link #all()} stands for every date (a full rebuild: {@code ingest}, {@code demo}, a new
 * vocabulary or a refit), and stages then recompute everything, as they did before nightlies were
 * incremental.
 */
public final class TouchedDates implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final TouchedDates ALL = new TouchedDates(null);

  private final TreeSet<LocalDate> dates; // null: every date

  private TouchedDates(Collection<LocalDate> dates) {
    this.dates = dates == null ? null : new TreeSet<>(dates);
  }

  public static TouchedDates all() {
    return ALL;
  }

  public static TouchedDates of(Collection<LocalDate> dates) {
    return new TouchedDates(dates);
  }

  public boolean isAll() {
    return dates == null;
  }

  /** No date changed: the stages after ingest have nothing to do. */
  public boolean isEmpty() {
    return dates != null && dates.isEmpty();
  }

  /** The dates, in order; fails for {@link #all()}, which has no list. */
  public SortedSet<LocalDate> dates() {
    if (dates == null) {
      throw new IllegalStateException("every date is touched: there is no list of them");
    }
    return Collections.unmodifiableSortedSet(dates);
  }

  public TouchedDates plus(TouchedDates other) {
    if (isAll() || other.isAll()) {
      return ALL;
    }
    TreeSet<LocalDate> union = new TreeSet<>(dates);
    union.addAll(other.dates);
    return new TouchedDates(union);
  }

  /** The starts of the periods of {@code grain} that hold a touched date. */
  public SortedSet<LocalDate> periodStarts(Grain grain) {
    SortedSet<LocalDate> starts = new TreeSet<>();
    for (LocalDate d : dates()) {
      starts.add(grain.periodStart(d));
    }
    return starts;
  }

  /** Whether a DATE column holds a touched date (true for every row under {@link #all()}). */
  public Column contains(Column date) {
    if (dates == null) {
      return lit(true);
    }
    if (dates.isEmpty()) {
      return lit(false);
    }
    return date.isin(dates.stream().map(Date::valueOf).toArray());
  }

  public List<LocalDate> asList() {
    return List.copyOf(dates());
  }

  public Set<LocalDate> asSet() {
    return Set.copyOf(dates());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TouchedDates t && Objects.equals(dates, t.dates);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(dates);
  }

  @Override
  public String toString() {
    if (dates == null) {
      return "every date";
    }
    if (dates.isEmpty()) {
      return "no date";
    }
    return dates.size() == 1
        ? dates.first().toString()
        : dates.size() + " dates, " + dates.first() + " .. " + dates.last();
  }
}
