package io.newsdrift.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.ingest.Canonicalizer;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.schema.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/tables.md} against the code: a section {@code ## `name`} for every table of {@link
 * Table} and for {@code runs} and for nothing else; in it a line {@code Partitioned by: ...} that
 * names exactly the table's partition columns, and one row {@code | `column` | `type` | meaning |}
 * per column, in the table's order, each with a Spark SQL type and a meaning. Where the code holds
 * a schema ({@code runs}, {@code signatures}, the article and reject columns of the canonicaliser)
 * the documented types must be its types. The classes and tests the docs name must exist.
 */
class TablesDocTest {
  private static final Path DOC = Path.of("docs", "tables.md");
  private static final Path DOCS = Path.of("docs");
  private static final Pattern SECTION = Pattern.compile("^## `([a-z_]+)`$");
  private static final Pattern COLUMN =
      Pattern.compile("^\\| `([a-z_0-9]+)` \\| `([^`]+)` \\| (.*) \\|$");
  private static final Pattern PARTITIONED = Pattern.compile("^Partitioned by: ([^.]+)\\.");
  private static final Pattern BACKTICKED = Pattern.compile("`([a-z_0-9]+)`");
  private static final Pattern CLASS_REF =
      Pattern.compile(
          "`(cli|config|io|schema|ingest|text|features|topics|coverage|jobs|spark|report|demo)/"
              + "([A-Z][A-Za-z0-9]*)[`.]");
  private static final Pattern TEST_REF = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))`");

  /** One documented table: its columns in order with their types, and its partition columns. */
  record Documented(Map<String, String> types, List<String> partitionBy, List<String> meanings) {
    List<String> columns() {
      return List.copyOf(types.keySet());
    }
  }

  private static Map<String, Documented> documented;

  @BeforeAll
  static void read() throws IOException {
    assertThat(DOC).as("the tables reference page").exists();
    documented = parse(Files.readAllLines(DOC));
  }

  static Map<String, Documented> parse(List<String> lines) {
    Map<String, Documented> tables = new LinkedHashMap<>();
    String current = null;
    for (String line : lines) {
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        current = section.group(1);
        assertThat(tables)
            .as("docs/tables.md has one section for %s", current)
            .doesNotContainKey(current);
        tables.put(
            current, new Documented(new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>()));
        continue;
      }
      if (line.startsWith("## ")) {
        current = null;
        continue;
      }
      if (current == null) {
        continue;
      }
      Documented table = tables.get(current);
      Matcher partitioned = PARTITIONED.matcher(line);
      if (partitioned.find()) {
        Matcher names = BACKTICKED.matcher(partitioned.group(1));
        while (names.find()) {
          table.partitionBy().add(names.group(1));
        }
      }
      Matcher column = COLUMN.matcher(line);
      if (column.matches()) {
        assertThat(table.types())
            .as("docs/tables.md lists column %s of %s once", column.group(1), current)
            .doesNotContainKey(column.group(1));
        table.types().put(column.group(1), column.group(2));
        table.meanings().add(column.group(3).trim());
      }
    }
    return tables;
  }

  @Test
  void everyTableHasASectionAndNoOtherTableDoes() {
    Set<String> expected = new TreeSet<>();
    for (Table t : Table.values()) {
      expected.add(t.tableName());
    }
    expected.add(RunLog.TABLE);
    assertThat(new TreeSet<>(documented.keySet()))
        .as("tables with a section '## `name`' in docs/tables.md")
        .isEqualTo(expected);
  }

  @Test
  void everyColumnIsDocumentedInTheTablesOrder() {
    for (Table t : Table.values()) {
      assertThat(documented.get(t.tableName()).columns())
          .as("columns of %s in docs/tables.md (Table.%s.columns())", t.tableName(), t.name())
          .containsExactlyElementsOf(t.columns());
    }
  }

  @Test
  void partitionColumnsAreThoseOfTheTable() {
    for (Table t : Table.values()) {
      assertThat(documented.get(t.tableName()).partitionBy())
          .as("'Partitioned by:' of %s in docs/tables.md", t.tableName())
          .containsExactlyElementsOf(t.partitionBy());
    }
    assertThat(documented.get(RunLog.TABLE).partitionBy()).as("runs is unpartitioned").isEmpty();
  }

  @Test
  void everyColumnHasAValidSparkTypeAndAMeaning() {
    documented.forEach(
        (table, doc) -> {
          doc.types()
              .forEach(
                  (column, type) ->
                      assertThat(sparkType(table, column, type).simpleString())
                          .as("type of %s.%s in docs/tables.md, as Spark names it", table, column)
                          .isEqualTo(type));
          assertThat(doc.meanings())
              .as("every column of %s has a meaning", table)
              .allSatisfy(m -> assertThat(m).isNotBlank());
        });
  }

  @Test
  void theRunsTableIsTheRunLogsSchema() {
    assertThat(documented.get(RunLog.TABLE).types())
        .as("runs in docs/tables.md against RunLog.SCHEMA")
        .containsExactlyEntriesOf(types(RunLog.SCHEMA));
  }

  @Test
  void typesAgreeWithTheSchemasInTheCode() {
    Map<String, String> signatures = types(Deduplicator.SIGNATURE);
    signatures.put("run_id", DataTypes.StringType.simpleString());
    assertThat(documented.get(Table.SIGNATURES.tableName()).types())
        .as("signatures in docs/tables.md against Deduplicator.SIGNATURE and run_id")
        .containsExactlyEntriesOf(signatures);

    Map<String, String> canonical = types(Canonicalizer.SCHEMA);
    for (Table t : List.of(Table.ARTICLES, Table.REJECTS)) {
      Map<String, String> doc = documented.get(t.tableName()).types();
      List<String> shared = t.columns().stream().filter(canonical::containsKey).toList();
      assertThat(shared).as("columns of %s the canonicaliser types", t.tableName()).isNotEmpty();
      for (String column : shared) {
        assertThat(doc.get(column))
            .as("type of %s.%s (Canonicalizer.SCHEMA)", t.tableName(), column)
            .isEqualTo(canonical.get(column));
      }
    }
  }

  @Test
  void theClassesAndTestsTheDocsNameExist() throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(DOCS)) {
      pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    assertThat(pages).isNotEmpty();
    Set<String> tests;
    try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
      tests =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".java"))
              .map(n -> n.substring(0, n.length() - ".java".length()))
              .collect(Collectors.toSet());
    }
    for (Path page : pages) {
      String text = Files.readString(page);
      Matcher classRef = CLASS_REF.matcher(text);
      while (classRef.find()) {
        Path source =
            Path.of("src/main/java/io/newsdrift", classRef.group(1), classRef.group(2) + ".java");
        assertThat(source).as("%s names %s", page, classRef.group(0)).exists();
      }
      Matcher testRef = TEST_REF.matcher(text);
      while (testRef.find()) {
        assertThat(tests)
            .as("%s names the test %s", page, testRef.group(1))
            .contains(testRef.group(1));
      }
    }
  }

  private static DataType sparkType(String table, String column, String type) {
    try {
      return DataType.fromDDL(type);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "type of " + table + "." + column + " in docs/tables.md is no Spark SQL type: " + type,
          e);
    }
  }

  private static Map<String, String> types(StructType schema) {
    return Arrays.stream(schema.fields())
        .collect(
            Collectors.toMap(
                StructField::name,
                f -> f.dataType().simpleString(),
                (a, b) -> a,
                LinkedHashMap::new));
  }
}
