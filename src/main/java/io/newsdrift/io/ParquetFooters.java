package io.newsdrift.io;

import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The footer of every Parquet input file, read on the executors before Spark reads the rows. Real
 * dumps hold truncated uploads (no footer) and files whose schema drifted from day to day (a column
 * that was a string becomes a number or a list); Spark's reader fails the whole job on either. With
 * the footers known, unreadable files become one reject each, and files are read in groups of one
 * schema.
 */
final class ParquetFooters {
  /** One file's footer: its schema (null when unreadable), row count, and why it is unreadable. */
  record Footer(InputFile file, String schema, long rows, String error) implements Serializable {
    private static final long serialVersionUID = 1L;

    boolean readable() {
      return error == null;
    }
  }

  private ParquetFooters() {}

  static List<Footer> read(JavaSparkContext jsc, List<InputFile> files) {
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4));
    return jsc.parallelize(files, slices).map(f -> footer(f, conf.value().value())).collect();
  }

  private static Footer footer(InputFile file, Configuration conf) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.uri()), conf))) {
      ParquetMetadata meta = reader.getFooter();
      long rows = meta.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      return new Footer(file, meta.getFileMetaData().getSchema().toString(), rows, null);
    } catch (java.io.IOException | RuntimeException e) {
      return new Footer(file, null, 0, "not a readable Parquet file: " + e);
    }
  }
}
