package io.newsdrift.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tables with the notebooks' reader ({@code notebooks/warehouse.py}, no Spark) through {@code
 * read_tables.py}: collect reads, then {@link #read} runs one interpreter for all of them. Each
 * result is {@code {"columns", "dtypes", "rows"}} or {@code {"error"}}.
 */
public final class PythonTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<Map<String, Object>> reads = new ArrayList<>();

  /** Request and result files go to {@code dir}. */
  public PythonTables(Path dir) {
    this.dir = dir;
  }

  /**
   * Reads table {@code name} of the warehouse {@code source} (or, with a null name, the table
   * folder or metadata file {@code source}) now, or as of {@code {"run": id}} or {@code
   * {"snapshot": id}}.
   */
  public PythonTables table(String id, String source, String name, Map<String, Object> asOf) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("source", source);
    r.put("name", name);
    r.put("as_of", asOf);
    reads.add(r);
    return this;
  }

  /** The table's snapshots, oldest first: snapshot_id, parent_id, committed_at, operation. */
  public PythonTables snapshots(String id, String source, String name) {
    table(id, source, name, null);
    reads.get(reads.size() - 1).put("snapshots", true);
    return this;
  }

  public Map<String, Map<String, Object>> read() {
    try {
      Path request = Files.createTempFile(dir, "request", ".json");
      Path result = Files.createTempFile(dir, "result", ".json");
      JSON.writeValue(request.toFile(), reads);
      NotebookPython.run(
          300,
          script().toString(),
          NotebookPython.NOTEBOOKS.toString(),
          request.toString(),
          result.toString());
      return JSON.readValue(result.toFile(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of a read, in read_tables.py's canonical form. */
  @SuppressWarnings("unchecked")
  public static List<List<Object>> rows(Map<String, Map<String, Object>> python, String id) {
    return (List<List<Object>>) python.get(id).get("rows");
  }

  private static Path script() {
    try {
      return Path.of(PythonTables.class.getResource("read_tables.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
