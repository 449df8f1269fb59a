package io.newsdrift.jobs;

import io.newsdrift.config.RunConfig;
import io.newsdrift.config.Settings;
import io.newsdrift.io.Warehouse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every job of one run shares: where the warehouse is, the typed and checked config (each job
 * takes its part), the run's id, its logical date (UTC) and the command that started it.
 */
public record RunContext(
    Warehouse warehouse, RunConfig config, String runId, LocalDate logicalDate, String command) {

  /** A new run with a fresh id, for the given logical date (today, UTC, when null). */
  public static RunContext start(
      String warehouse, RunConfig config, LocalDate logicalDate, String command) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    String runId =
        now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
            + "-"
            + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    return new RunContext(
        new Warehouse(warehouse),
        config,
        runId,
        logicalDate == null ? now.toLocalDate() : logicalDate,
        command);
  }

  /** A new run from settings (a notebook's or a test's): the config is built and checked here. */
  public static RunContext start(
      String warehouse, Settings settings, LocalDate logicalDate, String command) {
    return start(warehouse, RunConfig.from(settings), logicalDate, command);
  }

  /** The settings the config was built from (their hash goes into {@code runs}). */
  public Settings settings() {
    return config.settings();
  }
}
