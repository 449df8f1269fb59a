package io.newsdrift.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.spark.Rows;
import io.newsdrift.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Which snapshots {@code maintain} keeps, as plain values: the window of recent runs read from
 * {@code runs}, and the tags that pin their snapshots on each table. {@code cli.MaintainTest} runs
 * the command on a real warehouse.
 */
class MaintainJobTest {
  private static final Instant T0 = Instant.parse("2024-05-16T02:30:00Z");

  private static MaintainJob.KeptRun run(String id, int minutes, Map<String, Long> snapshots) {
    return new MaintainJob.KeptRun(id, T0.plusSeconds(60L * minutes), snapshots);
  }

  /** Snapshot id to commit time (minutes after T0), in commit order. */
  private static Map<Long, Long> snapshots(long... idAndMinute) {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < idAndMinute.length; i += 2) {
      out.put(idAndMinute[i], T0.plusSeconds(60 * idAndMinute[i + 1]).toEpochMilli());
    }
    return out;
  }

  @Test
  void tagsTheSnapshotEachRunCommittedOrReadAndDropsTagsOfRunsThatLeft() {
    // articles: 11 at minute 0, 12 at 10, 13 at 20, 14 (a compaction) at 25.
    Map<Long, Long> articles = snapshots(11, 0, 12, 10, 13, 20, 14, 25);
    List<MaintainJob.KeptRun> window =
        List.of(
            run("r3", 21, Map.of("articles", 13L)),
            // r2 wrote only term_stats: a read pinned to it sees articles as of minute 15.
            run("r2", 15, Map.of("term_stats", 7L)),
            run("r1", 11, Map.of("articles", 12L)));
    Map<String, Long> existing = new LinkedHashMap<>();
    existing.put("run-r0", 11L); // r0 fell out of the window
    existing.put("run-r1", 12L); // already right
    existing.put("run-r3", 11L); // wrong: replaced

    MaintainJob.TagPlan plan = MaintainJob.tagPlan("articles", window, articles, existing);

    assertThat(plan.create()).containsExactlyEntriesOf(Map.of("run-r2", 12L));
    assertThat(plan.replace()).containsExactlyEntriesOf(Map.of("run-r3", 13L));
    assertThat(plan.remove()).containsExactly("run-r0");
    assertThat(plan.missing()).isEmpty();
    assertThat(plan.kept()).isEqualTo(3);
  }

  @Test
  void aSnapshotTheTableLostOrATableYoungerThanTheRunGetsNoTag() {
    Map<Long, Long> table = snapshots(21, 30, 22, 40);
    List<MaintainJob.KeptRun> window =
        List.of(
            run("r2", 41, Map.of("doc_topics", 5L)), // as of minute 41: snapshot 22
            run("r1", 20, Map.of("doc_topics", 4L)), // before the table existed
            run("r0", 35, Map.of("shifts", 99L))); // committed 99, since expired or replaced

    MaintainJob.TagPlan shifts = MaintainJob.tagPlan("shifts", window, table, Map.of());
    assertThat(shifts.missing()).containsExactly("r0");
    assertThat(shifts.create())
        .as("r0's snapshot is gone: no stand-in is tagged for it")
        .containsExactlyInAnyOrderEntriesOf(Map.of("run-r2", 22L));

    assertThat(MaintainJob.tagPlan("articles", window, Map.of(), Map.of()).isEmpty()).isTrue();
  }

  @Test
  void anEmptyWindowDropsEveryRunTagAndNoOtherTag() {
    MaintainJob.TagPlan plan =
        MaintainJob.tagPlan(
            "articles",
            List.of(),
            snapshots(1, 0),
            Map.of("run-a", 1L, "run-b", 1L, "release-2024", 1L));
    assertThat(plan.remove()).containsExactly("run-a", "run-b");
    assertThat(plan.create()).isEmpty();
  }

  @Test
  void onlyAnOldSnapshotNoBranchOrTagHoldsCanExpire() {
    Map<Long, Long> table = snapshots(1, 0, 2, 10, 3, 20);
    long minute15 = T0.plusSeconds(15 * 60).toEpochMilli();
    assertThat(MaintainJob.mayExpire(table, Set.of(3L), minute15)).isTrue();
    assertThat(MaintainJob.mayExpire(table, Set.of(1L, 2L, 3L), minute15))
        .as("every old one is tagged")
        .isFalse();
    assertThat(MaintainJob.mayExpire(table, Set.of(3L), T0.toEpochMilli()))
        .as("none older than the cutoff")
        .isFalse();
    assertThat(MaintainJob.mayExpire(Map.of(), Set.of(), minute15)).as("no snapshot").isFalse();
  }

  @Test
  void theWindowIsTheLastSucceededRunsThatWroteTables() {
    SparkSession spark = TestSpark.session();
    StructType schema =
        new StructType()
            .add("run_id", DataTypes.StringType)
            .add("started_at", DataTypes.TimestampType)
            .add("finished_at", DataTypes.TimestampType)
            .add("status", DataTypes.StringType)
            .add(
                "table_snapshots",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType));
    List<Row> rows =
        List.of(
            runRow("a", 1, "succeeded", Map.of("articles", 1L)),
            runRow("b", 2, "succeeded", Map.of("articles", 2L)),
            runRow("c", 3, "failed", Map.of("articles", 3L)),
            runRow("d", 4, "succeeded", Map.of()), // a report: wrote nothing
            runRow("e", 5, "succeeded", null), // before table_snapshots existed
            runRow("f", 6, "succeeded", Map.of("articles", 6L, "rejects", 60L)),
            runRow("g", 7, "succeeded", Map.of("term_stats", 7L)));
    Dataset<Row> runs = spark.createDataFrame(rows, schema);

    List<MaintainJob.KeptRun> kept = MaintainJob.keptRuns(MaintainJob.lastRuns(runs, 3));
    assertThat(kept).extracting(MaintainJob.KeptRun::runId).containsExactly("g", "f", "b");
    assertThat(kept.get(1).snapshots())
        .containsExactlyInAnyOrderEntriesOf(Map.of("articles", 6L, "rejects", 60L));
    assertThat(kept.get(0).finishedAt()).isEqualTo(T0.plusSeconds(7 * 60 + 30));
    assertThat(MaintainJob.keptRuns(MaintainJob.lastRuns(runs, 0))).isEmpty();
  }

  private static Row runRow(String id, int minute, String status, Map<String, Long> snapshots) {
    return RowFactory.create(
        id,
        Timestamp.from(T0.plusSeconds(60L * minute)),
        Timestamp.from(T0.plusSeconds(60L * minute + 30)),
        status,
        snapshots == null ? null : Rows.map(snapshots));
  }
}
