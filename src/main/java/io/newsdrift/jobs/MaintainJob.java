package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.JobGroups;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.spark.actions.DeleteOrphanFilesSparkAction;
import org.apache.iceberg.spark.actions.ExpireSnapshotsSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code maintain}: the upkeep of every table of the warehouse (those of {@link Table} and {@code
 * runs} that exist), with Iceberg's Spark actions, table by table:
 *
 * <ol>
 *   <li>tags the snapshots the last {@code maintenance.keep_runs} succeeded runs that wrote tables
 *       left ({@code run-<run_id>}: the one the run committed, else the one the table had when the
 *       run finished, which is what a read pinned to the run shows) and drops the tags of runs that
 *       fell out of that window;
 *   <li>compacts (bin-packs) the data files of a partition that has {@value #COMPACT_MIN_FILES} or
 *       more small files into as few as its size needs; the rows stay the same;
 *   <li>merges the current snapshot's manifests when {@value #MANIFESTS_MIN} or more are smaller
 *       than the table's manifest target size (fewer files to open when a query is planned);
 *   <li>expires the snapshots older than {@code maintenance.keep_days}, except tagged ones and the
 *       current one, and deletes the files only they referenced;
 *   <li>deletes files in the table's folder that no snapshot references and that are older than
 *       {@code maintenance.orphan_min_age_hours}: what a killed run wrote but never committed.
 * </ol>
 *
 * <p>Dangers: an expired snapshot is gone for good ({@code VERSION AS OF} it fails, and so does a
 * read pinned to a run older than the window whose snapshots were expired). Orphan removal deletes
 * every unreferenced file under a table's location: with a catalog of one's own, never give two
 * tables nested locations, and keep other files out of them. The warehouse's writer lock keeps
 * newsdrift's own runs away while this runs; the orphan age keeps what other writers are writing.
 * Tags whose names start with {@value #TAG_PREFIX} belong to {@code maintain}.
 */
public final class MaintainJob {
  private static final Logger LOG = LoggerFactory.getLogger(MaintainJob.class);

  /** Prefix of the tags that hold the snapshots of recent runs. */
  static final String TAG_PREFIX = "run-";

  /**
   * Small files a partition needs before it is compacted: Iceberg's own default, so a partition a
   * run wrote as one or two files is left alone and a rewrite always saves several.
   */
  static final int COMPACT_MIN_FILES = 5;

  /** Manifests smaller than the target size the current snapshot needs before they are merged. */
  static final int MANIFESTS_MIN = 2;

  private final RunContext ctx;

  public MaintainJob(RunContext ctx) {
    this.ctx = ctx;
  }

  /** What maintenance did to one table. */
  public record TableOutcome(
      String table,
      int runsKept,
      int tagsRemoved,
      int filesCompacted,
      int filesWritten,
      int manifestsRewritten,
      int snapshotsExpired,
      long filesExpired,
      long orphansRemoved) {}

  /** What maintenance did, table by table, in the order of {@link Table} and then {@code runs}. */
  public record Outcome(List<TableOutcome> tables) {
    public long snapshotsExpired() {
      return tables.stream().mapToLong(TableOutcome::snapshotsExpired).sum();
    }

    public long orphansRemoved() {
      return tables.stream().mapToLong(TableOutcome::orphansRemoved).sum();
    }

    public long filesCompacted() {
      return tables.stream().mapToLong(TableOutcome::filesCompacted).sum();
    }
  }

  public Outcome run(SparkSession spark, RunLog log) {
    int keepDays = ctx.config().maintenance().keepDays();
    int keepRuns = ctx.config().maintenance().keepRuns();
    int orphanHours = ctx.config().maintenance().orphanMinAgeHours();
    // One "now" for every table, taken before anything is written: snapshots this run commits
    // (compaction, manifests) are younger than any cutoff and stay until the next maintain.
    Instant now = Instant.now();
    long expireBefore = now.minus(Duration.ofDays(keepDays)).toEpochMilli();
    long orphansBefore = now.minus(Duration.ofHours(orphanHours)).toEpochMilli();
    Warehouse wh = ctx.warehouse();

    List<KeptRun> kept =
        log.stage(
            "runs window",
            () ->
                wh.readIfExists(spark, RunLog.TABLE)
                    .map(runs -> keptRuns(lastRuns(runs, keepRuns)))
                    .orElse(List.of()));
    LOG.info(
        "maintain: keeping the snapshots of the last {} succeeded runs that wrote tables: {};"
            + " expiring snapshots older than {} ({} days); removing unreferenced files older"
            + " than {} ({} hours)",
        keepRuns,
        kept.stream().map(KeptRun::runId).toList(),
        Instant.ofEpochMilli(expireBefore),
        keepDays,
        Instant.ofEpochMilli(orphansBefore),
        orphanHours);

    List<String> names =
        Stream.concat(Stream.of(Table.values()).map(Table::tableName), Stream.of(RunLog.TABLE))
            .toList();
    List<TableOutcome> out = new ArrayList<>();
    for (String name : names) {
      if (!wh.exists(spark, name)) {
        continue;
      }
      out.add(
          log.stage(
              "maintain " + name, () -> maintain(spark, name, kept, expireBefore, orphansBefore)));
    }
    return new Outcome(out);
  }

  private TableOutcome maintain(
      SparkSession spark, String name, List<KeptRun> kept, long expireBefore, long orphansBefore) {
    String qualified = ctx.warehouse().qualifiedName(spark, name);
    org.apache.iceberg.Table table = ctx.warehouse().icebergTable(spark, qualified);
    SparkActions actions = SparkActions.get(spark);

    TagPlan tags = tagPlan(name, kept, snapshotTimes(table), runTags(table));
    for (String missing : tags.missing()) {
      LOG.warn(
          "maintain {}: run {} committed snapshot {}, which the table no longer has (expired"
              + " before, or the table was replaced): nothing to keep for it",
          name,
          missing,
          kept.stream()
              .filter(r -> r.runId().equals(missing))
              .findFirst()
              .map(r -> r.snapshots().get(name))
              .orElse(null));
    }
    if (!tags.isEmpty()) {
      ManageSnapshots update = table.manageSnapshots();
      tags.create().forEach(update::createTag);
      tags.replace().forEach(update::replaceTag);
      tags.remove().forEach(update::removeTag);
      update.commit();
    }

    RewriteDataFiles.Result compacted =
        JobGroups.describe(
            spark,
            "maintain " + name + ": compact small files",
            () ->
                actions
                    .rewriteDataFiles(table)
                    .binPack()
                    .option(
                        SizeBasedFileRewritePlanner.MIN_INPUT_FILES,
                        String.valueOf(COMPACT_MIN_FILES))
                    .execute());

    table.refresh();
    int manifests = rewriteManifests(spark, actions, name, table);

    table.refresh();
    Map<Long, Long> before = snapshotTimes(table);
    Set<Long> heads = new HashSet<>();
    table.refs().values().forEach(ref -> heads.add(ref.snapshotId()));
    ExpireSnapshots.Result expired =
        mayExpire(before, heads, expireBefore)
            ? JobGroups.describe(
                spark,
                "maintain " + name + ": expire snapshots",
                () ->
                    actions
                        .expireSnapshots(table)
                        .option(ExpireSnapshotsSparkAction.STREAM_RESULTS, "true")
                        .expireOlderThan(expireBefore)
                        .execute())
            : NOTHING_EXPIRED;
    table.refresh();
    int expiredSnapshots =
        (int) before.keySet().stream().filter(id -> table.snapshot(id) == null).count();

    DeleteOrphanFiles.Result orphans =
        JobGroups.describe(
            spark,
            "maintain " + name + ": remove orphan files",
            () ->
                actions
                    .deleteOrphanFiles(table)
                    // Streamed: the driver holds a sample of the names, not all of them.
                    .option(DeleteOrphanFilesSparkAction.STREAM_RESULTS, "true")
                    .olderThan(orphansBefore)
                    .execute());
    List<String> sample = new ArrayList<>();
    for (String file : orphans.orphanFileLocations()) {
      if (sample.size() == 5) {
        break;
      }
      sample.add(file);
    }

    TableOutcome outcome =
        new TableOutcome(
            name,
            tags.kept(),
            tags.remove().size(),
            compacted.rewrittenDataFilesCount(),
            compacted.addedDataFilesCount(),
            manifests,
            expiredSnapshots,
            expired.deletedDataFilesCount()
                + expired.deletedPositionDeleteFilesCount()
                + expired.deletedEqualityDeleteFilesCount(),
            orphans.orphanFilesCount());
    LOG.info(
        "maintain {}: snapshots of {} runs kept by tag ({} tags set, {} dropped); {} small data"
            + " files compacted into {}; {} manifests merged; {} snapshots expired ({} data files,"
            + " {} manifests, {} manifest lists deleted); {} orphan files removed{}",
        name,
        outcome.runsKept(),
        tags.create().size() + tags.replace().size(),
        outcome.tagsRemoved(),
        outcome.filesCompacted(),
        outcome.filesWritten(),
        manifests,
        expiredSnapshots,
        outcome.filesExpired(),
        expired.deletedManifestsCount(),
        expired.deletedManifestListsCount(),
        outcome.orphansRemoved(),
        sample.isEmpty() ? "" : " such as " + sample);
    return outcome;
  }

  /** Merges the current snapshot's small data manifests when there are several; how many. */
  private static int rewriteManifests(
      SparkSession spark, SparkActions actions, String name, org.apache.iceberg.Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return 0;
    }
    long target =
        PropertyUtil.propertyAsLong(
            table.properties(),
            TableProperties.MANIFEST_TARGET_SIZE_BYTES,
            TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
    long small =
        current.dataManifests(table.io()).stream().filter(m -> m.length() < target).count();
    if (small < MANIFESTS_MIN) {
      return 0;
    }
    RewriteManifests.Result result =
        JobGroups.describe(
            spark,
            "maintain " + name + ": merge manifests",
            () ->
                actions
                    .rewriteManifests(table)
                    .rewriteIf((ManifestFile m) -> m.length() < target)
                    .execute());
    return (int) count(result.rewrittenManifests());
  }

  /** Snapshot id to commit time, in the table's commit order. */
  private static Map<Long, Long> snapshotTimes(org.apache.iceberg.Table table) {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (Snapshot s : table.snapshots()) {
      out.put(s.snapshotId(), s.timestampMillis());
    }
    return out;
  }

  /** The table's tags that {@code maintain} owns, by name. */
  private static Map<String, Long> runTags(org.apache.iceberg.Table table) {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<String, SnapshotRef> e : table.refs().entrySet()) {
      if (e.getValue().isTag() && e.getKey().startsWith(TAG_PREFIX)) {
        out.put(e.getKey(), e.getValue().snapshotId());
      }
    }
    return out;
  }

  // ---- pure ----------------------------------------------------------------------------------

  /** A run whose snapshots are kept: when it finished and what it committed, by table. */
  record KeptRun(String runId, Instant finishedAt, Map<String, Long> snapshots) {}

  /**
   * The last {@code keepRuns} succeeded runs of the {@code runs} table that committed a snapshot
   * (runs that wrote no table, {@code report} or {@code maintain} itself, do not take a place),
   * newest first; columns run_id, finished_at, table_snapshots.
   */
  static Dataset<Row> lastRuns(Dataset<Row> runs, int keepRuns) {
    return runs.filter(
            col("status")
                .equalTo("succeeded")
                .and(col("table_snapshots").isNotNull())
                .and(size(col("table_snapshots")).gt(0)))
        .orderBy(col("started_at").desc(), col("run_id").desc())
        .limit(keepRuns)
        .select("run_id", "finished_at", "table_snapshots");
  }

  /** The rows of {@link #lastRuns} (at most {@code keep_runs} of them) as values. */
  static List<KeptRun> keptRuns(Dataset<Row> lastRuns) {
    List<KeptRun> out = new ArrayList<>();
    for (Row r : lastRuns.collectAsList()) {
      Map<String, Long> snapshots = new TreeMap<>(r.<String, Long>getJavaMap(2));
      out.add(new KeptRun(r.getString(0), ((Timestamp) r.get(1)).toInstant(), snapshots));
    }
    return out;
  }

  /**
   * Tags to set and drop on one table so that exactly the snapshots of {@code runs} are tagged.
   * {@code missing} names runs whose committed snapshot the table no longer has.
   */
  record TagPlan(
      Map<String, Long> create,
      Map<String, Long> replace,
      List<String> remove,
      List<String> missing,
      int kept) {
    boolean isEmpty() {
      return create.isEmpty() && replace.isEmpty() && remove.isEmpty();
    }
  }

  /**
   * Plans the tags of table {@code table}: for each run, the snapshot it committed to the table,
   * else (the run read the table but did not write it) the newest one committed by the time it
   * finished, the one {@code Warehouse.pinnedTo} reads; none when the table is younger than the
   * run. {@code snapshotTimes} is the table's snapshots (id to commit time) in commit order, {@code
   * existing} its {@value #TAG_PREFIX} tags.
   */
  static TagPlan tagPlan(
      String table, List<KeptRun> runs, Map<Long, Long> snapshotTimes, Map<String, Long> existing) {
    Map<String, Long> wanted = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (KeptRun run : runs) {
      Long id = run.snapshots().get(table);
      if (id == null) {
        id = asOf(snapshotTimes, run.finishedAt().toEpochMilli());
      } else if (!snapshotTimes.containsKey(id)) {
        missing.add(run.runId());
        id = null;
      }
      if (id != null) {
        wanted.put(TAG_PREFIX + run.runId(), id);
      }
    }
    Map<String, Long> create = new TreeMap<>();
    Map<String, Long> replace = new TreeMap<>();
    wanted.forEach(
        (tag, id) -> {
          Long has = existing.get(tag);
          if (has == null) {
            create.put(tag, id);
          } else if (!has.equals(id)) {
            replace.put(tag, id);
          }
        });
    List<String> remove =
        existing.keySet().stream()
            .filter(t -> t.startsWith(TAG_PREFIX) && !wanted.containsKey(t))
            .sorted()
            .toList();
    return new TagPlan(create, replace, remove, missing, wanted.size());
  }

  /** The newest snapshot committed at or before {@code millis} (the later on a tie), or null. */
  private static Long asOf(Map<Long, Long> snapshotTimes, long millis) {
    Long best = null;
    long bestTime = Long.MIN_VALUE;
    for (Map.Entry<Long, Long> e : snapshotTimes.entrySet()) {
      if (e.getValue() <= millis && e.getValue() >= bestTime) {
        best = e.getKey();
        bestTime = e.getValue();
      }
    }
    return best;
  }

  /**
   * Whether expiring the snapshots older than {@code cutoff} can remove any: only a snapshot that
   * is that old and that no branch or tag points at (the current one is the main branch's) can go.
   * Saves the action's Spark jobs on tables with nothing to expire.
   */
  static boolean mayExpire(Map<Long, Long> snapshotTimes, Set<Long> refHeads, long cutoff) {
    return snapshotTimes.entrySet().stream()
        .anyMatch(e -> e.getValue() < cutoff && !refHeads.contains(e.getKey()));
  }

  private static final ExpireSnapshots.Result NOTHING_EXPIRED =
      new ExpireSnapshots.Result() {
        @Override
        public long deletedDataFilesCount() {
          return 0;
        }

        @Override
        public long deletedEqualityDeleteFilesCount() {
          return 0;
        }

        @Override
        public long deletedPositionDeleteFilesCount() {
          return 0;
        }

        @Override
        public long deletedManifestsCount() {
          return 0;
        }

        @Override
        public long deletedManifestListsCount() {
          return 0;
        }
      };

  /** How many items an Iceberg result iterable holds. */
  static long count(Iterable<?> items) {
    return StreamSupport.stream(items.spliterator(), false).count();
  }
}
