package io.newsdrift.config;

import java.io.Serializable;

/** How {@code nightly} schedules refits and how late an article may arrive; see {@link Keys}. */
public record NightlyConfig(int refitDays, int lateDays) implements Serializable {

  public static NightlyConfig from(Settings s) {
    return new NightlyConfig(s.get(Keys.NIGHTLY_REFIT_DAYS), s.get(Keys.NIGHTLY_LATE_DAYS));
  }
}
