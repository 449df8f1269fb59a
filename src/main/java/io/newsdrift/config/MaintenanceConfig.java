package io.newsdrift.config;

import java.io.Serializable;

/** What {@code maintain} keeps of the tables' history; see {@link Keys}. */
public record MaintenanceConfig(int keepDays, int keepRuns, int orphanMinAgeHours)
    implements Serializable {

  public static MaintenanceConfig from(Settings s) {
    return new MaintenanceConfig(
        s.get(Keys.MAINTENANCE_KEEP_DAYS),
        s.get(Keys.MAINTENANCE_KEEP_RUNS),
        s.get(Keys.MAINTENANCE_ORPHAN_MIN_AGE_HOURS));
  }
}
