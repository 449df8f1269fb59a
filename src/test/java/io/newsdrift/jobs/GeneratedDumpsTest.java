package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Settings;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.RandomDump;
import io.newsdrift.testing.RandomDump.WrittenFile;
import io.newsdrift.testing.TestSpark;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hundreds of small random dumps ({@link RandomDump}: re-sent ids, one text under several ids,
 * syndication, light edits, bad records, four formats, gzip and truncation) must each be accounted
 * for record by record: every input record (file and position) in exactly one of {@code articles},
 * {@code rejects} and the exact rows of {@code duplicates}, the {@code duplicates} rows saying a
 * rule that holds, and a second ingest of the same input giving the same rows.
 *
 * <p>Dumps are ingested two hundred at a time, a run's fixed cost being most of its time (their
 * names never meet, so they cannot touch each other); a batch that fails is taken apart, each
 * failing dump is shrunk to fewer records, and the test prints the seed and the smallest dump.
 * {@code -Dnewsdrift.dumps.seed=S} and {@code -Dnewsdrift.dumps.count=N} replay or widen the
 * search.
 */
class GeneratedDumpsTest {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedDumpsTest.class);
  private static final long BASE_SEED = Long.getLong("newsdrift.dumps.seed", 20_261_206L);
  private static final int DUMPS = Integer.getInteger("newsdrift.dumps.count", 200);
  private static final int BATCH = 200;
  private static final int SHRINK_RUNS = 25;
  private static final int MAX_SHRUNK = 2;
  private static final LocalDate LOGICAL_DATE = LocalDate.parse("2022-03-01");

  @TempDir Path dir;

  /** The few columns each check needs, collected once per batch. */
  private record Tables(List<Row> articles, List<Row> rejects, List<Row> duplicates) {}

  private final SparkSession spark = TestSpark.session();
  private final Map<String, Long> outcomesSeen = new TreeMap<>();
  private int runs;

  @Test
  void everyRecordOfEveryGeneratedDumpEndsInExactlyOnePlace() throws IOException {
    List<String> failures = new ArrayList<>();
    for (int start = 0; start < DUMPS; start += BATCH) {
      List<RandomDump> batch = new ArrayList<>();
      for (int i = start; i < Math.min(DUMPS, start + BATCH); i++) {
        batch.add(RandomDump.generate(BASE_SEED + i, i));
      }
      List<RandomDump> failing = failingDumps(batch, "batch" + start);
      for (RandomDump d : failing) {
        failures.add(shrink(d));
      }
      LOG.info("dumps {}..{}: {} failing", start, start + batch.size() - 1, failing.size());
    }
    assertThat(failures).as("dumps whose records are not all accounted for").isEmpty();
    // The dumps did make every kind of copy that the rules name, and ids re-used for other words.
    assertThat(outcomesSeen)
        .as("duplicate rules and rejects over all dumps")
        .containsKeys(
            Deduplicator.RULE_SAME_RECORD,
            Deduplicator.RULE_SAME_ID,
            Deduplicator.RULE_SAME_TEXT,
            Deduplicator.RULE_SIMILAR_TEXT,
            "duplicate_id",
            "bad_json",
            "csv_parse_error",
            "unreadable_input");
  }

  /** The dumps of a batch that break an invariant: none, or found one by one. */
  private List<RandomDump> failingDumps(List<RandomDump> batch, String name) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name));
    Map<String, WrittenFile> files = new TreeMap<>();
    Map<String, RandomDump> owner = new HashMap<>();
    for (RandomDump d : batch) {
      for (WrittenFile f : d.write(root)) {
        files.put(f.relative(), f);
        owner.put(f.relative(), d);
      }
    }
    List<String> problems = new ArrayList<>();
    Tables first = ingestAndCheck(root, files, problems);
    if (problems.isEmpty()) {
      Tables second = ingestAndCheck(root, files, problems);
      if (problems.isEmpty() && !sameRows(first, second)) {
        problems.add("a second ingest of the same input gave other rows");
      }
    }
    if (problems.isEmpty()) {
      first.duplicates().forEach(r -> outcomesSeen.merge(r.getString(3), 1L, Long::sum));
      first.rejects().forEach(r -> outcomesSeen.merge(r.getString(2), 1L, Long::sum));
      return List.of();
    }
    LOG.warn("{} fails: {}", name, problems);
    // Problems name files (and a failed run names records), and every file belongs to one dump.
    List<RandomDump> named = new ArrayList<>();
    for (RandomDump d : batch) {
      Set<String> own = new java.util.HashSet<>();
      owner.forEach(
          (file, o) -> {
            if (o == d) {
              own.add(file);
            }
          });
      if (problems.stream().anyMatch(p -> own.stream().anyMatch(p::contains))) {
        named.add(d);
      }
    }
    List<RandomDump> failing = new ArrayList<>();
    for (RandomDump d : named.isEmpty() ? batch : named) {
      if (failing.size() < MAX_SHRUNK && !problems(d).isEmpty()) {
        failing.add(d);
      }
    }
    if (failing.isEmpty()) {
      throw new AssertionError(name + " fails but none of its dumps alone does: " + problems);
    }
    return failing;
  }

  /** What is wrong with one dump ingested alone, twice; empty when nothing is. */
  private List<String> problems(RandomDump d) throws IOException {
    Path root = Files.createDirectories(dir.resolve("single" + (runs++)));
    Map<String, WrittenFile> files = new TreeMap<>();
    for (WrittenFile f : d.write(root)) {
      files.put(f.relative(), f);
    }
    List<String> problems = new ArrayList<>();
    Tables first = ingestAndCheck(root, files, problems);
    if (problems.isEmpty()) {
      Tables second = ingestAndCheck(root, files, problems);
      if (problems.isEmpty() && !sameRows(first, second)) {
        problems.add("a second ingest of the same input gave other rows");
      }
    }
    return problems;
  }

  /** Drops items while the dump still fails; returns the smallest failing dump and its problems. */
  private String shrink(RandomDump dump) throws IOException {
    RandomDump smallest = dump;
    List<String> problems = problems(dump);
    int tries = 0;
    boolean shrunk = true;
    while (shrunk && tries < SHRINK_RUNS) {
      shrunk = false;
      for (int i = smallest.items().size() - 1; i >= 0 && tries < SHRINK_RUNS; i--) {
        List<RandomDump.Item> fewer = new ArrayList<>(smallest.items());
        fewer.remove(i);
        if (fewer.isEmpty()) {
          continue;
        }
        RandomDump candidate = smallest.withItems(fewer);
        tries++;
        List<String> p = problems(candidate);
        if (!p.isEmpty()) {
          smallest = candidate;
          problems = p;
          shrunk = true;
        }
      }
    }
    String report =
        smallest.describe() + "\n  problems: " + String.join("\n            ", problems);
    LOG.error("smallest failing dump after {} shrink runs:\n{}", tries, report);
    return report;
  }

  /** Ingests every dump under root into a fresh warehouse and checks the invariants. */
  private Tables ingestAndCheck(Path root, Map<String, WrittenFile> files, List<String> problems) {
    List<SourceSpec> sources = new ArrayList<>();
    for (InputFormat f : InputFormat.values()) {
      if (Files.isDirectory(root.resolve(f.cliName()))) {
        sources.add(new SourceSpec(root.resolve(f.cliName()).toString(), f, RandomDump.mapping(f)));
      }
    }
    RunContext ctx =
        RunContext.start(
            root.resolveSibling(root.getFileName() + "-wh" + (runs++)).toString(),
            Settings.defaults(),
            LOGICAL_DATE,
            "ingest");
    RunLog.Accounting accounting;
    try {
      accounting = new IngestJob(ctx, sources).run(spark, new RunLog(ctx));
    } catch (RuntimeException e) {
      problems.add("ingest failed: " + e.getMessage());
      return null;
    }
    Tables t =
        new Tables(
            ctx.warehouse()
                .read(spark, Table.ARTICLES)
                .select(
                    Cols.SOURCE_URI,
                    Cols.RECORD_POSITION,
                    Cols.ARTICLE_ID,
                    Cols.OUTLET,
                    Cols.IS_CANONICAL,
                    Cols.DUP_CLUSTER_ID)
                .collectAsList(),
            ctx.warehouse()
                .read(spark, Table.REJECTS)
                .select(Cols.SOURCE_URI, Cols.RECORD_POSITION, Cols.REASON)
                .collectAsList(),
            ctx.warehouse()
                .read(spark, Table.DUPLICATES)
                .select(
                    Cols.SOURCE_URI,
                    Cols.RECORD_POSITION,
                    Cols.KIND,
                    Cols.RULE,
                    Cols.ARTICLE_ID,
                    Cols.OUTLET,
                    Cols.CANONICAL_ARTICLE_ID,
                    Cols.CANONICAL_OUTLET,
                    Cols.CLUSTER_ID)
                .collectAsList());
    check(root, files, t, accounting, problems);
    return t;
  }

  private static void check(
      Path root,
      Map<String, WrittenFile> files,
      Tables t,
      RunLog.Accounting accounting,
      List<String> problems) {
    // Where each record landed: every input record in exactly one of the three places.
    Map<String, List<String>> places = new TreeMap<>();
    Map<String, Row> articleById = new HashMap<>();
    for (Row r : t.articles()) {
      places.computeIfAbsent(key(root, r), k -> new ArrayList<>()).add("articles");
      articleById.put(r.getString(2), r);
    }
    for (Row r : t.rejects()) {
      places.computeIfAbsent(key(root, r), k -> new ArrayList<>()).add("rejects:" + r.get(2));
    }
    for (Row r : t.duplicates()) {
      if ("exact".equals(r.getString(2))) {
        places.computeIfAbsent(key(root, r), k -> new ArrayList<>()).add("exact");
      }
    }
    places.forEach(
        (k, where) -> {
          if (where.size() != 1) {
            problems.add(k + " is in " + where);
          }
        });
    for (WrittenFile f : files.values()) {
      List<Long> found = new ArrayList<>();
      places.keySet().stream()
          .filter(k -> k.startsWith(f.relative() + "#"))
          .forEach(k -> found.add(Long.parseLong(k.substring(k.lastIndexOf('#') + 1))));
      found.sort(null);
      if (f.exact() && !found.equals(f.positions())) {
        problems.add(f.relative() + ": records " + f.positions() + " written, " + found + " found");
      } else if (!f.exact()
          && (found.isEmpty() || found.get(found.size() - 1) > f.positions().size() + 1)) {
        problems.add(f.relative() + " (damaged): positions " + found + " found");
      }
    }
    for (String k : places.keySet()) {
      if (!files.containsKey(k.substring(0, k.lastIndexOf('#')))) {
        problems.add(k + " names no file that was written");
      }
    }
    // The duplicates rows say a rule that holds. An exact copy names the copy that was kept (an
    // article, itself perhaps a near copy) and that one's cluster; a near copy names its cluster's
    // canonical article.
    long nearCopies = 0;
    for (Row r : t.duplicates()) {
      String rule = r.getString(3);
      String id = r.getString(4);
      String canonicalId = r.getString(6);
      Row kept = articleById.get(canonicalId);
      boolean exact = "exact".equals(r.getString(2));
      if (kept == null
          || !r.getString(8).equals(kept.getString(5))
          || (!exact && !Boolean.TRUE.equals(kept.get(4)))) {
        problems.add(key(root, r) + " (" + rule + ") names " + canonicalId + ", no such canonical");
        continue;
      }
      boolean holds =
          switch (rule) {
            case Deduplicator.RULE_SAME_RECORD, Deduplicator.RULE_SAME_ID ->
                exact && id.equals(canonicalId);
            case Deduplicator.RULE_SAME_TEXT ->
                exact && !id.equals(canonicalId) && r.getString(5).equals(r.getString(7));
            case Deduplicator.RULE_CANONICAL -> !exact && id.equals(canonicalId);
            case Deduplicator.RULE_SIMILAR_TEXT, Deduplicator.RULE_REWRITE -> {
              Row member = articleById.get(id);
              nearCopies++;
              yield !exact
                  && member != null
                  && Boolean.FALSE.equals(member.get(4))
                  && canonicalId.equals(member.getString(5));
            }
            default -> false;
          };
      if (!holds) {
        problems.add(key(root, r) + " is a duplicate by rule " + rule + ", which does not hold");
      }
    }
    long nonCanonical = t.articles().stream().filter(r -> Boolean.FALSE.equals(r.get(4))).count();
    if (nonCanonical != nearCopies) {
      problems.add(nonCanonical + " articles are near copies, but duplicates lists " + nearCopies);
    }
    long exact = t.duplicates().stream().filter(r -> "exact".equals(r.getString(2))).count();
    long rows = t.articles().size() + t.rejects().size() + exact;
    if (accounting.records() != rows) {
      problems.add("the run counted " + accounting + " but the tables hold " + rows + " records");
    }
  }

  /** {@code relative/path#position} of a row's record. */
  private static String key(Path root, Row r) {
    String uri = URLDecoder.decode(r.getString(0), StandardCharsets.UTF_8);
    String base = root.getFileName() + "/";
    return uri.substring(uri.indexOf(base) + base.length()) + "#" + r.get(1);
  }

  private static boolean sameRows(Tables a, Tables b) {
    return sorted(a.articles()).equals(sorted(b.articles()))
        && sorted(a.rejects()).equals(sorted(b.rejects()))
        && sorted(a.duplicates()).equals(sorted(b.duplicates()));
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }

  /** The generator makes every format and every kind of bad record the readers know. */
  @Test
  void theGeneratorMakesEveryKindOfDuplicateAndBadRecord() {
    Set<String> seen = new java.util.TreeSet<>();
    for (int i = 0; i < DUMPS; i++) {
      for (RandomDump.Item it : RandomDump.generate(BASE_SEED + i, i).items()) {
        seen.add(it.format().cliName() + (it.bad() == null ? "" : ":" + it.bad()));
      }
    }
    assertThat(seen)
        .contains(
            "jsonl",
            "csv",
            "parquet",
            "text",
            "jsonl:broken_json",
            "jsonl:invalid_utf8",
            "csv:unclosed_quote",
            "csv:column_count",
            "parquet:missing_date",
            "text:empty_file");
  }
}
