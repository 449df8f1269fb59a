package io.newsdrift.jobs;

import io.newsdrift.config.Settings;
import io.newsdrift.io.Warehouse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every job of one run shares: where the warehouse is, the validated settings, the run's id,
 * its logical date (UTC) and the command that started it.
 */
public record RunContext(
    Warehouse warehouse, Settings settings, String runId, LocalDate logicalDate, String command) {

  /** A new run with a fresh id, for the given logical date (today, UTC, when null). */
  public static RunContext start(
      String warehouse, Settings settings, LocalDate logicalDate, String command) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String runId =
        now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    return new RunContext(
        new Warehouse(warehouse),
        settings,
        runId,
        logicalDate == null ? now.toLocalDate() : logicalDate,
        command);
  }
}
