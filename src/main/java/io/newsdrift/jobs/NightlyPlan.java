package io.newsdrift.jobs;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code nightly} run processes and whether it refits the topic model, decided from the
 * history of succeeded runs alone (pure, so tests can give it any history).
 *
 * <p>The watermark is the last date a succeeded {@code nightly} processed. A night after it
 * processes every date from the day after the watermark up to its own date, so missed nights are
 * caught up; the first night processes every date up to its own. A night that was already processed
 * (a retry, or a re-run after a fault) processes exactly the window of the run that covered it, so
 * that it replaces the same partitions with the same rows (duplicates are found within a run's
 * window, so a smaller window could pick other canonical copies).
 */
public final class NightlyPlan {
  public static final String NIGHTLY = "nightly";

  private NightlyPlan() {}

  /** The last date processed by a succeeded nightly run, if any. */
  public static Optional<LocalDate> watermark(List<RunHistory.PastRun> history) {
    return nightlies(history).stream()
        .map(RunHistory.PastRun::dateTo)
        .filter(d -> d != null)
        .max(LocalDate::compareTo);
  }

  /** The window {@code nightly --date date} processes. */
  public static DateWindow window(LocalDate date, List<RunHistory.PastRun> history) {
    Optional<LocalDate> mark = watermark(history);
    if (mark.isEmpty()) {
      return new DateWindow(null, date);
    }
    if (mark.get().isBefore(date)) {
      return new DateWindow(mark.get().plusDays(1), date);
    }
    // Already processed: repeat the window of the latest run that covered this date.
    List<RunHistory.PastRun> runs = nightlies(history);
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunHistory.PastRun run = runs.get(i);
      DateWindow covered = new DateWindow(run.dateFrom(), run.dateTo());
      if (run.dateTo() != null && covered.contains(date)) {
        return covered;
      }
    }
    return new DateWindow(date, date);
  }

  /**
   * Whether the current topic model is due for a refit: it was first used by a run whose logical
   * date lies {@code refitDays} or more before {@code date}. 0 turns the schedule off. A model no
   * recorded run used (fitted by hand) counts from the first run that uses it.
   */
  public static boolean refitDue(
      LocalDate date, String currentModel, List<RunHistory.PastRun> history, int refitDays) {
    if (refitDays == 0 || currentModel == null) {
      return false;
    }
    Optional<LocalDate> firstUse =
        history.stream()
            .filter(r -> currentModel.equals(r.modelId()) && r.logicalDate() != null)
            .map(RunHistory.PastRun::logicalDate)
            .min(LocalDate::compareTo);
    return firstUse.isPresent() && ChronoUnit.DAYS.between(firstUse.get(), date) >= refitDays;
  }

  private static List<RunHistory.PastRun> nightlies(List<RunHistory.PastRun> history) {
    return history.stream().filter(r -> NIGHTLY.equals(r.command())).toList();
  }
}
