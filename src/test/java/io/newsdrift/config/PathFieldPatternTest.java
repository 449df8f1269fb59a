package io.newsdrift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathFieldPatternTest {
  @Test
  void aPatternGivesOutletAndDate() {
    PathFieldPattern p = PathFieldPattern.compile("{outlet}/{yyyy}-{MM}-{dd}/*.txt", null);
    assertThat(p.fields("s3a://bucket/dumps/reuters/2024-05-16/story-1.txt"))
        .isEqualTo(
            Map.of(
                "outlet", "reuters", "yyyy", "2024", "MM", "05", "dd", "16", "date", "2024-05-16"));
    assertThat(p.fields("file:/data/ap/2024-5-6/x.txt.gz")).containsEntry("date", "2024-05-06");
    assertThat(p.fields("file:/data/ap/2024-05-16/x.json")).isEmpty();
    // Matched against the end of the path: the folder just above the date is the outlet.
    assertThat(p.fields("file:/data/ap/extra/2024-05-16/x.txt")).containsEntry("outlet", "extra");
    assertThat(p.fields("file:/data/ap/2024-05-16/extra/x.txt")).isEmpty();
  }

  @Test
  void aRegexWithNamedGroupsOnTheFileName() {
    PathFieldPattern p =
        PathFieldPattern.compile(
            null, "(?<outlet>[a-z]+)_(?<yyyy>\\d{4})(?<MM>\\d{2})(?<dd>\\d{2})\\.jsonl$");
    assertThat(p.fields("/in/bbc_20240301.jsonl"))
        .containsEntry("outlet", "bbc")
        .containsEntry("date", "2024-03-01");
  }

  @Test
  void pathFieldsFillOnlyWantedFieldsTheRecordLeavesMissingOrBlank() {
    Map<String, String> fromPath = Map.of("outlet", "reuters", "date", "2024-05-16", "dd", "16");
    Map<String, String> record = Map.of("outlet", "AP", "date", " ");
    assertThat(
            PathFieldPattern.fillBlanks(
                record, fromPath, java.util.List.of("outlet", "date", "id")))
        .isEqualTo(Map.of("outlet", "AP", "date", "2024-05-16"));
    Map<String, String> complete = Map.of("outlet", "AP", "date", "2024-05-01");
    assertThat(PathFieldPattern.fillBlanks(complete, fromPath, java.util.List.of("outlet", "date")))
        .isSameAs(complete);
  }

  @Test
  void invalidPatternsAreConfigErrorsNamingTheKey() {
    assertThatThrownBy(() -> Mapping.fromMap(Map.of("path_regex", "(?<outlet>[a-z"), "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid mapping key 'path_regex' in test.yaml")
        .hasMessageContaining("not a valid regular expression");
    assertThatThrownBy(() -> Mapping.fromMap(Map.of("path_pattern", "*.txt"), "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'path_pattern'")
        .hasMessageContaining("names no field");
    assertThatThrownBy(
            () ->
                Mapping.fromMap(
                    Map.of("path_pattern", "{outlet}/*.txt", "path_regex", "(?<outlet>x)"), "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("path_pattern or path_regex, not both");
  }
}
