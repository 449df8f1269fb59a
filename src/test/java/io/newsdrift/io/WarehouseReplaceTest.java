package io.newsdrift.io;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.SparkWork;
import io.newsdrift.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Warehouse#replace}: some rows of some partitions replaced in one commit. */
class WarehouseReplaceTest {
  private static final StructType REJECT =
      new StructType()
          .add(Cols.SOURCE_URI, DataTypes.StringType)
          .add(Cols.RECORD_POSITION, DataTypes.LongType)
          .add(Cols.RAW_EXCERPT, DataTypes.StringType)
          .add(Cols.REASON, DataTypes.StringType)
          .add(Cols.MESSAGE, DataTypes.StringType)
          .add(Cols.INGEST_DATE, DataTypes.DateType)
          .add(Cols.RUN_ID, DataTypes.StringType);

  private final SparkSession spark = TestSpark.session();

  @TempDir Path dir;

  private Dataset<Row> rows(Object[]... rows) {
    return spark.createDataFrame(Arrays.stream(rows).map(RowFactory::create).toList(), REJECT);
  }

  private static Object[] reject(String uri, long pos, String day) {
    return new Object[] {uri, pos, "x", "bad_json", "m", Date.valueOf(day), "r1"};
  }

  private List<String> contents(Warehouse wh) {
    return wh
        .read(spark, Table.REJECTS)
        .orderBy(Cols.INGEST_DATE, Cols.SOURCE_URI, Cols.RECORD_POSITION)
        .collectAsList()
        .stream()
        .map(r -> r.get(5) + ":" + r.getString(0) + "#" + r.getLong(1))
        .toList();
  }

  /** Files a and b on 2024-03-01, a on 03-02, c on 03-03. */
  private Dataset<Row> fourRejects() {
    return rows(
        reject("a", 0, "2024-03-01"),
        reject("b", 0, "2024-03-01"),
        reject("a", 1, "2024-03-02"),
        reject("c", 0, "2024-03-03"));
  }

  @Test
  void replacesTheMatchingRowsKeepsTheRestAndEmptiesAPartitionLeftWithNone() {
    Warehouse wh = new Warehouse(dir.resolve("wh").toString());
    wh.write(spark, Table.REJECTS, fourRejects());
    long before = wh.committedSnapshots().get("rejects");

    // The rows of file a go, new rows of a come (one in a partition that had none).
    wh.replace(
        spark,
        Table.REJECTS,
        rows(reject("a", 5, "2024-03-01"), reject("a", 6, "2024-03-04")),
        col(Cols.SOURCE_URI).equalTo("a"));
    assertThat(contents(wh))
        .containsExactly("2024-03-01:a#5", "2024-03-01:b#0", "2024-03-03:c#0", "2024-03-04:a#6");
    long after = wh.committedSnapshots().get("rejects");
    org.apache.iceberg.Table ice = wh.icebergTable(spark, wh.qualifiedName(spark, "rejects"));
    assertThat(ice.snapshot(after).parentId()).as("one commit").isEqualTo(before);

    // Nothing matches and nothing comes: no commit at all.
    wh.replace(spark, Table.REJECTS, rows(), col(Cols.SOURCE_URI).equalTo("zzz"));
    assertThat(
            wh.icebergTable(spark, wh.qualifiedName(spark, "rejects"))
                .currentSnapshot()
                .snapshotId())
        .isEqualTo(after);

    // Every row of a partition replaced by none: the partition is empty afterwards.
    wh.replace(spark, Table.REJECTS, rows(), col(Cols.SOURCE_URI).equalTo("c"));
    assertThat(contents(wh)).containsExactly("2024-03-01:a#5", "2024-03-01:b#0", "2024-03-04:a#6");
  }

  @Test
  void aCallerThatNamesThePartitionsSavesTheQueryThatFindsThemAndCannotWriteOutsideThem()
      throws Exception {
    Warehouse wh = new Warehouse(dir.resolve("named").toString());
    wh.write(spark, Table.REJECTS, fourRejects());
    Column days =
        col(Cols.INGEST_DATE).isin(Date.valueOf("2024-03-01"), Date.valueOf("2024-03-04"));
    Column fileA = col(Cols.SOURCE_URI).equalTo("a");
    SparkWork work = SparkWork.of(spark.sparkContext());
    spark.sparkContext().listenerBus().waitUntilEmpty();
    SparkWork.Totals before = work.totals();

    // File a's rows of 2024-03-01 go, and new ones come there and on 2024-03-04.
    wh.replace(
        spark,
        Table.REJECTS,
        rows(reject("a", 5, "2024-03-01"), reject("a", 6, "2024-03-04")),
        fileA.and(days),
        days);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    assertThat(work.totals().minus(before).queries()).as("the write alone").isEqualTo(1);
    assertThat(contents(wh))
        .containsExactly(
            "2024-03-01:a#5",
            "2024-03-01:b#0",
            "2024-03-02:a#1",
            "2024-03-03:c#0",
            "2024-03-04:a#6");

    // A row outside the named partitions fails the write and commits nothing.
    long last = wh.committedSnapshots().get("rejects");
    assertThatThrownBy(
            () ->
                wh.replace(
                    spark,
                    Table.REJECTS,
                    rows(reject("a", 7, "2024-03-01"), reject("a", 8, "2024-03-03")),
                    fileA.and(days),
                    days))
        .hasStackTraceContaining("a row for rejects lies outside the partitions")
        .hasStackTraceContaining("2024-03-03");
    assertThat(
            wh.icebergTable(spark, wh.qualifiedName(spark, "rejects"))
                .currentSnapshot()
                .snapshotId())
        .isEqualTo(last);
  }

  @Test
  void rowsCachedFromTheWarehouseAsFoundAreReleasedAfterTheTableIsRewritten() {
    spark.catalog().clearCache(); // what other tests of this JVM's session left
    Warehouse wh = new Warehouse(dir.resolve("cached").toString());
    wh.write(
        spark, Table.REJECTS, rows(reject("a", 0, "2024-03-01"), reject("b", 0, "2024-03-02")));
    Dataset<Row> cached =
        wh.asFound(spark, "r2", List.of(Table.REJECTS))
            .read(spark, Table.REJECTS)
            .persist(StorageLevel.MEMORY_AND_DISK());
    assertThat(cached.count()).isEqualTo(2);

    // Read from the current table instead, the cached rows would be planned again against the
    // new snapshot by this write, and unpersist would no longer find them.
    Column fileA = col(Cols.SOURCE_URI).equalTo("a");
    wh.replace(spark, Table.REJECTS, cached.filter(fileA), fileA);
    cached.unpersist();

    assertThat(TestSpark.nothingCached(spark)).as("released by unpersist").isTrue();
    assertThat(contents(wh)).containsExactly("2024-03-01:a#0", "2024-03-02:b#0");
  }

  @Test
  void dropsThePartitionsBeforeADateWithoutReadingOrWritingDataFiles() {
    Warehouse wh = new Warehouse(dir.resolve("drop").toString());
    wh.write(
        spark,
        Table.REJECTS,
        rows(
            reject("a", 0, "2024-03-01"),
            reject("b", 0, "2024-03-02"),
            reject("c", 0, "2024-03-03")));

    wh.dropPartitionsBefore(spark, Table.REJECTS, LocalDate.parse("2024-03-03"));

    assertThat(contents(wh)).containsExactly("2024-03-03:c#0");
    org.apache.iceberg.Snapshot drop =
        wh.icebergTable(spark, wh.qualifiedName(spark, "rejects")).currentSnapshot();
    assertThat(drop.snapshotId()).isEqualTo(wh.committedSnapshots().get("rejects"));
    assertThat(drop.operation()).isEqualTo("delete");
    assertThat(drop.summary()).containsEntry("deleted-data-files", "2");
    assertThat(drop.summary()).doesNotContainKey("added-data-files");
    // Nothing before the date: no commit at all.
    wh.dropPartitionsBefore(spark, Table.REJECTS, LocalDate.parse("2024-03-03"));
    assertThat(
            wh.icebergTable(spark, wh.qualifiedName(spark, "rejects"))
                .currentSnapshot()
                .snapshotId())
        .as("snapshot after a drop with nothing to drop")
        .isEqualTo(drop.snapshotId());
    assertThat(contents(wh)).containsExactly("2024-03-03:c#0");
    // A table not partitioned by one date column is refused, naming it.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> wh.dropPartitionsBefore(spark, Table.TERM_STATS, LocalDate.now()))
        .hasMessageContaining("term_stats");
  }
}
