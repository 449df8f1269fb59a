package io.newsdrift.io;

import io.newsdrift.schema.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the partitions Spark wrote to a staging folder into a partitioned table, one partition at a
 * time, and tells readers which partitions are whole. A partition is whole when its folder holds a
 * {@code _COMMITTED} marker; the marker is removed before the folder is touched and written only
 * after the staged folder is in place, so a process killed between the steps leaves the partition
 * without a marker (missing to readers, never partial) until the next run writes it again.
 *
 * <p>On object stores where a rename is a copy (S3A) the marker is what makes this safe: a reader
 * may otherwise see a half-copied folder.
 */
final class PartitionCommit {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionCommit.class);
  static final String MARKER = "_COMMITTED";

  private final Configuration conf;
  private final Path table;
  private final Table spec;

  PartitionCommit(Configuration conf, String tablePath, Table spec) {
    this.conf = conf;
    this.table = new Path(tablePath);
    this.spec = spec;
  }

  /** Deletes staging folders that killed runs left behind (one writer per warehouse). */
  void removeStaleStaging() {
    try {
      FileSystem fs = table.getFileSystem(conf);
      Path staging = new Path(table, Warehouse.STAGING_DIR);
      if (fs.exists(staging)) {
        LOG.warn("removing staging output a killed run left in {}", staging);
        fs.delete(staging, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the staging folder of " + table, e);
    }
  }

  /** Commits every partition found under {@code stagingPath}, then removes the staging folder. */
  void commitFrom(String stagingPath) {
    Path staging = new Path(stagingPath);
    try {
      FileSystem fs = staging.getFileSystem(conf);
      List<String> partitions = partitionsUnder(fs, staging, false);
      LOG.info(
          "committing {} partitions of {} from {}", partitions.size(), spec.tableName(), staging);
      for (String partition : partitions) {
        Path target = new Path(table, partition);
        Path marker = new Path(target, MARKER);
        fs.delete(marker, false);
        fs.delete(target, true);
        fs.mkdirs(target.getParent());
        if (!fs.rename(new Path(staging, partition), target)) {
          throw new IOException("rename of " + new Path(staging, partition) + " failed");
        }
        try (FSDataOutputStream out = fs.create(marker, true)) {
          out.write(Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      // The whole _staging folder: one writer per warehouse, so nothing else is in it.
      fs.delete(staging.getParent(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot commit the partitions of " + spec.tableName() + " in " + table, e);
    }
  }

  /** Fully qualified folders of the partitions that hold a marker, sorted. */
  List<String> committedPartitions() {
    try {
      FileSystem fs = table.getFileSystem(conf);
      List<String> out = new ArrayList<>();
      for (String partition : partitionsUnder(fs, table, true)) {
        out.add(fs.makeQualified(new Path(table, partition)).toString());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the partitions of " + table, e);
    }
  }

  /**
   * Partition folders (relative, e.g. {@code grain=day/period_month=2024-01-01}) at the table's
   * partition depth under {@code root}: those holding data files, or with {@code committedOnly}
   * those holding the marker. Staging folders are skipped.
   */
  private List<String> partitionsUnder(FileSystem fs, Path root, boolean committedOnly)
      throws IOException {
    TreeSet<String> out = new TreeSet<>();
    collect(fs, fs.makeQualified(root), "", 0, committedOnly, out);
    return new ArrayList<>(out);
  }

  private void collect(
      FileSystem fs, Path dir, String rel, int depth, boolean committedOnly, TreeSet<String> out)
      throws IOException {
    if (depth == spec.partitionBy().size()) {
      if (committedOnly ? fs.exists(new Path(dir, MARKER)) : hasDataFile(fs, dir)) {
        out.add(rel);
      }
      return;
    }
    String prefix = spec.partitionBy().get(depth) + "=";
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (child.isDirectory() && name.startsWith(prefix)) {
        collect(
            fs,
            child.getPath(),
            rel.isEmpty() ? name : rel + "/" + name,
            depth + 1,
            committedOnly,
            out);
      }
    }
  }

  private static boolean hasDataFile(FileSystem fs, Path dir) throws IOException {
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, false);
    while (files.hasNext()) {
      String name = files.next().getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
