package io.newsdrift.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Validated configuration values: the defaults of {@link Keys}, overlaid with a YAML file and then
 * with {@code --set key=value} pairs. Immutable. Unknown keys and invalid values fail here, before
 * any SparkSession starts, with a message naming the key.
 *
 * <p>Besides the keys of {@link Keys}, a config file may hold {@code sources}: a list of {@code
 * {input, format, mapping}} entries that {@code ingest} and {@code nightly} read when no {@code
 * --input} is given.
 */
public final class Settings {
  static final String SOURCES = "sources";

  private final Map<String, Object> values;
  private final List<SourceSpec> sources;

  private Settings(Map<String, Object> values, List<SourceSpec> sources) {
    this.values = values;
    this.sources = List.copyOf(sources);
  }

  public static Settings defaults() {
    return fromMaps(Map.of(), Map.of(), "defaults");
  }

  /** Reads a YAML config file and applies overrides on top of it. */
  public static Settings load(Path file, Map<String, String> overrides) {
    if (file == null) {
      return fromMaps(Map.of(), overrides, "defaults");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException("--config " + file + ": no such readable file");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (doc != null && !(doc instanceof Map<?, ?>)) {
        throw new ConfigException("--config " + file + ": expected a YAML map of keys at the top");
      }
      Map<String, Object> nested = new LinkedHashMap<>();
      if (doc instanceof Map<?, ?> map) {
        map.forEach((k, v) -> nested.put(String.valueOf(k), v));
      }
      return fromMaps(nested, overrides, file.toString());
    } catch (IOException | YAMLException e) {
      throw new ConfigException(
          "--config " + file + ": cannot read it as YAML: " + e.getMessage(), e);
    }
  }

  /** Builds settings from an already parsed (nested or flat) map plus string overrides. */
  public static Settings fromMaps(
      Map<String, Object> nested, Map<String, String> overrides, String where) {
    Map<String, ConfigKey<?>> known = Keys.byName();
    Map<String, Object> raw = new LinkedHashMap<>();
    List<SourceSpec> sources = new ArrayList<>();
    for (Map.Entry<String, Object> e : nested.entrySet()) {
      if (e.getKey().equals(SOURCES)) {
        sources.addAll(parseSources(e.getValue(), where));
      } else {
        flatten(e.getKey(), e.getValue(), known, raw, where);
      }
    }
    overrides.forEach(
        (k, v) -> {
          requireKnown(k, known, "--set");
          raw.put(k, v);
        });
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey<?> key : Keys.ALL) {
      values.put(
          key.name(),
          raw.containsKey(key.name()) ? key.parse(raw.get(key.name())) : key.defaultValue());
    }
    return new Settings(values, sources);
  }

  private static void flatten(
      String prefix,
      Object value,
      Map<String, ConfigKey<?>> known,
      Map<String, Object> out,
      String where) {
    if (known.containsKey(prefix)) {
      out.put(prefix, value);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(prefix + "." + k, v, known, out, where));
    } else {
      requireKnown(prefix, known, where);
    }
  }

  private static void requireKnown(String key, Map<String, ConfigKey<?>> known, String where) {
    if (known.containsKey(key)) {
      return;
    }
    String section = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : key;
    List<String> near = known.keySet().stream().filter(k -> k.startsWith(section)).toList();
    throw new ConfigException(
        "unknown config key '"
            + key
            + "' in "
            + where
            + (near.isEmpty()
                ? "; known keys are " + known.keySet()
                : "; known keys there: " + near));
  }

  private static List<SourceSpec> parseSources(Object raw, String where) {
    if (!(raw instanceof List<?> list)) {
      throw new ConfigException(
          "config key 'sources' in "
              + where
              + " must be a list (example: sources: [{input: s3a://b/dumps/, format: jsonl}])");
    }
    List<SourceSpec> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "sources[" + i + "] in " + where;
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw new ConfigException(at + " must be a map with input, format and mapping");
      }
      Object input = entry.get("input");
      Object format = entry.get("format");
      if (input == null || format == null) {
        throw new ConfigException(
            at + " needs 'input' and 'format' (example: {input: data/, format: csv})");
      }
      Mapping mapping = Mapping.defaults();
      Object m = entry.get("mapping");
      if (m instanceof Map<?, ?> mm) {
        Map<String, Object> fields = new LinkedHashMap<>();
        mm.forEach((k, v) -> fields.put(String.valueOf(k), v));
        mapping = Mapping.fromMap(fields, at + " mapping");
      } else if (m != null) {
        throw new ConfigException(at + ": 'mapping' must be a map (example: {outlet: publisher})");
      }
      out.add(
          new SourceSpec(
              String.valueOf(input),
              InputFormat.parse(at + " format", String.valueOf(format)),
              mapping));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    if (!values.containsKey(key.name())) {
      throw new IllegalArgumentException("key not registered in Keys.ALL: " + key.name());
    }
    return (T) values.get(key.name());
  }

  public List<SourceSpec> sources() {
    return sources;
  }

  /** A stable hash of every effective value, recorded in {@code runs}. */
  public String hash() {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(values).forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
    sources.forEach(s -> canonical.append("source=").append(s).append('\n'));
    return io.newsdrift.schema.Hashes.sha256(canonical.toString()).substring(0, 16);
  }
}
