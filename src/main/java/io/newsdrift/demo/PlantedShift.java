package io.newsdrift.demo;

import java.time.LocalDate;

/**
 * A coverage shift planted in the demo corpus: from {@code from} (inclusive) to the last day, the
 * share of {@code outlet}'s own articles whose main subject is {@code theme} is raised from {@code
 * shareBefore} to {@code shareAfter}. Shares are the intended probabilities used by the generator,
 * not measured values.
 */
public record PlantedShift(
    String theme, String outlet, LocalDate from, double shareBefore, double shareAfter) {}
