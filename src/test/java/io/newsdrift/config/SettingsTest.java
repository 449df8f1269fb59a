package io.newsdrift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void defaultsComeFromKeys() {
    Settings s = Settings.defaults();
    assertThat(s.get(Keys.TOPICS_K)).isEqualTo(20);
    assertThat(s.get(Keys.COVERAGE_GRAINS)).containsExactly("day", "week", "month");
    assertThat(CoverageConfig.from(s).themes()).containsOnlyKeys("energy", "trade", "ukraine");
  }

  @Test
  void yamlNestedAndFlatKeysAndOverrides() throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        """
        topics:
          k: 12
        coverage.min_articles: 5
        coverage:
          themes:
            health: [covid, vaccine, "public health"]
        sources:
          - input: data/
            format: csv
            mapping: {outlet: publisher, body: body_text, date: publish_date}
        """);
    Settings s = Settings.load(file, Map.of("topics.seed", "7"));
    assertThat(s.get(Keys.TOPICS_K)).isEqualTo(12);
    assertThat(s.get(Keys.TOPICS_SEED)).isEqualTo(7L);
    assertThat(s.get(Keys.COVERAGE_MIN_ARTICLES)).isEqualTo(5);
    assertThat(CoverageConfig.from(s).themes())
        .containsKeys("ukraine", "health")
        .containsEntry("health", List.of("covid", "vaccine", "public health"));
    assertThat(s.sources()).hasSize(1);
    assertThat(s.sources().get(0).format()).isEqualTo(InputFormat.CSV);
    assertThat(s.sources().get(0).mapping().outlet()).isEqualTo("publisher");
    assertThat(s.sources().get(0).mapping().body()).containsExactly("body_text");
    assertThat(s.hash()).isNotEqualTo(Settings.defaults().hash()).hasSize(16);
  }

  @Test
  void unknownKeyIsNamedWithTheKnownOnesOfItsSection() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "topics:\n  kk: 3\n");
    assertThatThrownBy(() -> Settings.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown config key 'topics.kk'")
        .hasMessageContaining("topics.k");
  }

  @Test
  void invalidValueNamesKeyAndShowsAnExample() {
    assertThatThrownBy(() -> Settings.fromMaps(Map.of(), Map.of("topics.k", "many"), "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'topics.k'")
        .hasMessageContaining("not a whole number")
        .hasMessageContaining("example: topics.k: 20");
    assertThatThrownBy(() -> Settings.fromMaps(Map.of(), Map.of("dedup.near_threshold", "2"), "t"))
        .hasMessageContaining("'dedup.near_threshold'")
        .hasMessageContaining("between 0.05 and 1.0");
    assertThatThrownBy(
            () -> Settings.fromMaps(Map.of(), Map.of("coverage.grains", "day,year"), "t"))
        .hasMessageContaining("'year' is not one of [day, week, month]");
  }

  @Test
  void mappingRejectsUnknownKeys() {
    assertThatThrownBy(() -> Mapping.fromMap(Map.of("outlett", "x"), "--map"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown mapping key 'outlett' in --map");
  }

  /** A row of the key table in docs/configuration.md: its first cell is a dotted key. */
  private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_]+\\.[a-z_]+)` \\| ");

  @Test
  void everyKeyIsDocumentedInTheConfigurationPage() throws Exception {
    String page = Files.readString(Path.of("docs", "configuration.md"));
    for (ConfigKey<?> key : Keys.ALL) {
      assertThat(page)
          .as(
              "docs/configuration.md documents config key %s with its default and the"
                  + " documentation Keys gives it",
              key.name())
          .contains("| `" + key.name() + "` | `" + key.defaultText() + "` |")
          .contains(
              "\n| `" + key.name() + "` | `" + key.defaultText() + "` | " + key.doc() + " |\n");
    }
    List<String> documented =
        page.lines().map(KEY_ROW::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    assertThat(documented)
        .as("the keys of docs/configuration.md's table: those of Keys.ALL, in order, once each")
        .containsExactlyElementsOf(Keys.ALL.stream().map(ConfigKey::name).toList());
  }

  @Test
  void everyDeclaredKeyIsRegistered() throws Exception {
    for (java.lang.reflect.Field f : Keys.class.getFields()) {
      if (f.getType() == ConfigKey.class) {
        assertThat(Keys.ALL)
            .as("Keys.ALL lists %s", f.getName())
            .contains((ConfigKey<?>) f.get(null));
      }
    }
  }
}
