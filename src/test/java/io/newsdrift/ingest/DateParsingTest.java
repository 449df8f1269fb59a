package io.newsdrift.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateParsingTest {
  private final DateParsing dates = new DateParsing(List.of());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-05-16|2024-05-16T00:00:00Z",
        "2024-05-16T10:15:30Z|2024-05-16T10:15:30Z",
        "2024-05-16T12:15:30+02:00|2024-05-16T10:15:30Z",
        "2024-05-16 10:15:30|2024-05-16T10:15:30Z",
        "Thu, 16 May 2024 10:15:30 GMT|2024-05-16T10:15:30Z",
        "1637041891|2021-11-16T05:51:31Z",
        "1637041891000|2021-11-16T05:51:31Z",
        "November 16, 2021 12:51 AM|2021-11-16T00:51:00Z",
        "Nov 16, 2021|2021-11-16T00:00:00Z",
        "  2020-05-17  |2020-05-17T00:00:00Z"
      })
  void parsesTheFormsNewsDumpsUse(String raw, String expected) {
    assertThat(dates.parse(raw)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({"not a date", "2024-13-45", "''", "99999999999999999999", "2024-02-30"})
  void neverThrowsOnGarbage(String raw) {
    assertThat(dates.parse(raw)).isEmpty();
  }

  @Test
  void extraPatternsAreTriedAndValidatedEarly() {
    assertThat(new DateParsing(List.of("dd.MM.yyyy")).parse("16.05.2024"))
        .contains(Instant.parse("2024-05-16T00:00:00Z"));
    assertThatThrownBy(() -> new DateParsing(List.of("yyyy-MM-dd qqqq xx {")))
        .hasMessageContaining("'yyyy-MM-dd qqqq xx {' is not a DateTimeFormatter pattern");
  }
}
