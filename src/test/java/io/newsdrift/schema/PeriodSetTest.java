package io.newsdrift.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The periods an incremental features run recomputes and reads, across week and month ends. */
class PeriodSetTest {
  private static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void periodsHoldingDatesAndTheirNeighboursInEveryGrain() {
    // Wednesday 2024-01-31 (its week ends in February) and Friday 2024-03-01.
    PeriodSet touched =
        PeriodSet.holding(
            List.of(d("2024-01-31"), d("2024-03-01")), List.of(Grain.DAY, Grain.WEEK, Grain.MONTH));
    assertThat(touched.starts(Grain.WEEK)).containsExactly(d("2024-01-29"), d("2024-02-26"));
    assertThat(touched.starts(Grain.MONTH)).containsExactly(d("2024-01-01"), d("2024-03-01"));

    PeriodSet after = touched.withFollowing(2);
    assertThat(after.starts(Grain.DAY))
        .containsExactly(
            d("2024-01-31"),
            d("2024-02-01"),
            d("2024-02-02"),
            d("2024-03-01"),
            d("2024-03-02"),
            d("2024-03-03"));
    assertThat(after.starts(Grain.WEEK))
        .containsExactly(
            d("2024-01-29"),
            d("2024-02-05"),
            d("2024-02-12"),
            d("2024-02-26"),
            d("2024-03-04"),
            d("2024-03-11"));
    // Months overlap: January + 2 reaches March, which is touched itself.
    assertThat(after.starts(Grain.MONTH))
        .containsExactly(
            d("2024-01-01"), d("2024-02-01"), d("2024-03-01"), d("2024-04-01"), d("2024-05-01"));
    assertThat(touched.withPreceding(1).starts(Grain.MONTH))
        .containsExactly(d("2023-12-01"), d("2024-01-01"), d("2024-02-01"), d("2024-03-01"));
    assertThat(touched.toString())
        .isEqualTo(
            "day 2024-01-31 .. 2024-03-01 (2), week 2024-01-29 .. 2024-02-26 (2),"
                + " month 2024-01-01 .. 2024-03-01 (2)");
  }

  @Test
  void daysAreEveryDayOfEveryPeriod() {
    PeriodSet touched = PeriodSet.holding(List.of(d("2024-01-31")), List.of(Grain.WEEK));
    assertThat(touched.days())
        .containsExactlyElementsOf(d("2024-01-29").datesUntil(d("2024-02-05")).toList());
    // 2024 is a leap year: February has 29 days.
    assertThat(PeriodSet.holding(List.of(d("2024-02-10")), List.of(Grain.MONTH)).days())
        .hasSize(29)
        .startsWith(d("2024-02-01"))
        .endsWith(d("2024-02-29"));
    assertThat(PeriodSet.holding(List.of(), List.of(Grain.DAY)).isEmpty()).isTrue();
  }
}
