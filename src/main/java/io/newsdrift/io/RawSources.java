package io.newsdrift.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.newsdrift.config.IngestConfig;
import io.newsdrift.config.InputFormat;
import io.newsdrift.config.PathFieldPattern;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.spark.Rows;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads raw dumps under any Hadoop URI into {@link RawRecord} rows. Files are listed on the driver
 * (recursively, skipping names that start with {@code _} or {@code .}); each file is then read by
 * one task, decompressed by extension (gzip, bzip2, ...), so that a bad file costs its own records
 * and not the job. Parquet is read by Spark itself; fields from the path are then added per row.
 */
public final class RawSources {
  private static final Logger LOG = LoggerFactory.getLogger(RawSources.class);

  /** The largest record (line, CSV field, text file) read into memory. */
  public static final int MAX_RECORD_BYTES = 64 << 20;

  private RawSources() {}

  /**
   * Every file under the input: a file, a glob, or a folder (recursively). In a folder, files whose
   * extension belongs to another format (a {@code LICENSE.md} beside the CSVs) are skipped and
   * logged; files named directly or by a glob are always read.
   */
  public static List<InputFile> list(SparkSession spark, String input, InputFormat format) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path path = new Path(input);
    List<InputFile> out = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new InputMissingException(
            "input '" + input + "' does not exist or matches no file", null);
      }
      for (FileStatus match : matches) {
        if (match.isFile()) {
          add(out, match);
        } else {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
          List<String> skipped = new ArrayList<>();
          while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (hidden(f.getPath(), match.getPath())) {
              continue;
            }
            if (InputFormats.readsFileNamed(format, f.getPath().getName())) {
              add(out, f);
            } else {
              skipped.add(f.getPath().getName());
            }
          }
          if (!skipped.isEmpty()) {
            LOG.warn(
                "skipped {} files under {} that are not {} files: {}",
                skipped.size(),
                match.getPath(),
                format.cliName(),
                skipped.size() > 10 ? skipped.subList(0, 10) + " ..." : skipped);
          }
        }
      }
    } catch (IOException e) {
      throw new InputMissingException("cannot list input '" + input + "': " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new InputMissingException("input '" + input + "' holds no files", null);
    }
    out.sort(java.util.Comparator.comparing(InputFile::uri));
    return out;
  }

  private static void add(List<InputFile> out, FileStatus f) {
    String etag = f instanceof org.apache.hadoop.fs.EtagSource e ? e.getEtag() : null;
    out.add(
        etag == null || etag.isEmpty()
            ? new InputFile(f.getPath().toString(), f.getLen(), f.getModificationTime())
            : new InputFile(
                f.getPath().toString(), f.getLen(), f.getModificationTime(), "etag:" + etag));
  }

  private static boolean hidden(Path file, Path root) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The raw records of one source, rows of {@link RawRecord#SCHEMA}. An RDD rather than a
   * DataFrame: ingest maps every record to its outcome in Java, and a DataFrame in between would
   * convert every article's text to Spark's string format and back for nothing.
   *
   * @param digests collects one {@link FileDigest} per file read (more than once if the dataset is
   *     computed again; callers keep one per URI)
   */
  public static JavaRDD<Row> records(
      SparkSession spark,
      SourceSpec source,
      List<InputFile> files,
      IngestConfig config,
      CollectionAccumulator<FileDigest> digests) {
    int excerptChars = config.excerptChars();
    List<String> fields = source.mapping().sourceFields();
    PathFieldPattern pathFields =
        PathFieldPattern.compile(source.mapping().pathPattern(), source.mapping().pathRegex());
    if (source.format() == InputFormat.PARQUET) {
      JavaRDD<Row> records = parquetRecords(spark, files, fields, excerptChars);
      return pathFields == null ? records : records.map(new ParquetPathFields(pathFields, fields));
    }
    FormatReader reader =
        switch (source.format()) {
          case JSONL -> new JsonLinesReader(MAX_RECORD_BYTES);
          case CSV -> new CsvRecordReader(MAX_RECORD_BYTES / 2, config.csvMaxQuotedLines());
          case TEXT -> new TextFileReader(MAX_RECORD_BYTES);
          case PARQUET -> throw new IllegalStateException("read by Spark");
        };
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4));
    LOG.info(
        "reading {} {} files from {}", files.size(), source.format().cliName(), source.input());
    return jsc.parallelize(files, slices)
        .flatMap(
            file ->
                new FileRecords(
                    file,
                    conf.value().value(),
                    reader,
                    fields,
                    excerptChars,
                    digests,
                    pathFields == null ? Map.of() : pathFields.fields(file.uri())));
  }

  /**
   * The records of Parquet files: each group of files with one schema read by Spark, and an
   * unreadable file (no footer) one {@code unreadable_input} reject.
   */
  private static JavaRDD<Row> parquetRecords(
      SparkSession spark, List<InputFile> files, List<String> fields, int excerptChars) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<ParquetFooters.Footer> footers = ParquetFooters.read(jsc, files);
    Map<String, List<String>> bySchema = new java.util.TreeMap<>();
    List<Row> unreadable = new ArrayList<>();
    for (ParquetFooters.Footer f : footers) {
      if (f.readable()) {
        bySchema.computeIfAbsent(f.schema(), k -> new ArrayList<>()).add(f.file().uri());
      } else {
        unreadable.add(
            RawRecord.bad(f.file().uri(), 1, null, "unreadable_input", f.error()).toRow());
      }
    }
    LOG.info(
        "reading {} parquet files in {} schemas, {} unreadable",
        files.size() - unreadable.size(),
        bySchema.size(),
        unreadable.size());
    JavaRDD<Row> out = jsc.parallelize(unreadable, 1);
    for (List<String> group : bySchema.values()) {
      out = out.union(readParquet(spark, group, fields, excerptChars).javaRDD());
    }
    return out;
  }

  private static Dataset<Row> readParquet(
      SparkSession spark, List<String> files, List<String> fields, int excerptChars) {
    Dataset<Row> df = spark.read().parquet(files.toArray(String[]::new));
    Set<String> present = Set.copyOf(Arrays.asList(df.columns()));
    List<Column> kv = new ArrayList<>();
    List<Column> presentCols = new ArrayList<>();
    for (String f : fields) {
      if (present.contains(f)) {
        kv.add(lit(f));
        kv.add(col(f).cast("string"));
        presentCols.add(col(f));
      }
    }
    Column fieldMap =
        kv.isEmpty()
            ? functions.map_from_arrays(functions.array(), functions.array())
            : functions.map(kv.toArray(Column[]::new));
    Column excerpt =
        presentCols.isEmpty()
            ? lit("")
            : functions.substring(
                functions.to_json(functions.struct(presentCols.toArray(Column[]::new))),
                1,
                excerptChars);
    return df.select(
        col("_metadata.file_path").as("source_uri"),
        col("_metadata.row_index").plus(1).as("record_position"),
        functions.map_filter(fieldMap, (k, v) -> v.isNotNull()).as("fields"),
        excerpt.as("raw_excerpt"),
        lit(null).cast("string").as("reason"),
        lit(null).cast("string").as("message"));
  }

  /**
   * Adds the fields of each Parquet record's file path ({@code source_uri}, which Spark reports
   * percent-encoded) the way {@link FileRecords} does for the files it reads itself. A task reads a
   * file's records together, so each path is matched once.
   */
  private static final class ParquetPathFields implements Function<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final PathFieldPattern pattern;
    private final List<String> fields;
    private transient String lastUri;
    private transient Map<String, String> lastFields;

    ParquetPathFields(PathFieldPattern pattern, List<String> fields) {
      this.pattern = pattern;
      this.fields = List.copyOf(fields);
    }

    @Override
    public Row call(Row r) {
      String uri = r.getString(0);
      if (!uri.equals(lastUri)) {
        lastUri = uri;
        lastFields = pattern.fields(decodedPath(uri));
      }
      Map<String, String> record = r.getJavaMap(2);
      Map<String, String> merged = PathFieldPattern.fillBlanks(record, lastFields, fields);
      if (merged == record) {
        return r;
      }
      return RowFactory.create(
          uri, r.getLong(1), Rows.map(merged), r.getString(3), r.getString(4), r.getString(5));
    }

    /**
     * A percent-encoded URI as the other formats see their files' paths ({@code a%20b} is the
     * folder {@code a b}).
     */
    private static String decodedPath(String uri) {
      try {
        return new Path(new java.net.URI(uri)).toString();
      } catch (java.net.URISyntaxException e) {
        return uri;
      }
    }
  }

  /**
   * The records of one file; a read error ends the file with one {@code unreadable_input} reject.
   */
  private static final class FileRecords extends Lookahead<Row> {
    private final InputFile file;
    private final String uri;
    private final Configuration conf;
    private final FormatReader reader;
    private final List<String> fields;
    private final int excerptChars;
    private final CollectionAccumulator<FileDigest> digests;
    private final Map<String, String> pathFields;
    private CheckedInputStream raw;
    private InputStream in;
    private Iterator<RawRecord> records;
    private boolean done;
    private long count;
    private long lastPosition;

    FileRecords(
        InputFile file,
        Configuration conf,
        FormatReader reader,
        List<String> fields,
        int excerptChars,
        CollectionAccumulator<FileDigest> digests,
        Map<String, String> pathFields) {
      this.file = file;
      this.pathFields = pathFields;
      this.uri = file.uri();
      this.conf = conf;
      this.reader = reader;
      this.fields = fields;
      this.excerptChars = excerptChars;
      this.digests = digests;
    }

    @Override
    protected Row advance() {
      if (done) {
        return null;
      }
      try {
        if (records == null) {
          Path path = new Path(uri);
          raw = new CheckedInputStream(path.getFileSystem(conf).open(path), new CRC32());
          CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
          // Readers may close what they read (univocity does); the checksum needs the rest.
          InputStream unclosable =
              new java.io.FilterInputStream(raw) {
                @Override
                public void close() {}
              };
          in = codec == null ? unclosable : codec.createInputStream(unclosable);
          records = reader.open(uri, in, fields, excerptChars);
        }
        if (records.hasNext()) {
          RawRecord r = records.next();
          lastPosition = r.position();
          count++;
          return withPathFields(r).toRow();
        }
        finish();
        return null;
      } catch (IOException | RuntimeException e) {
        count++;
        finish();
        return RawRecord.bad(
                uri,
                lastPosition + 1,
                null,
                "unreadable_input",
                "reading stopped after record " + lastPosition + ": " + e)
            .toRow();
      }
    }

    /** Adds the path's fields a good record asks for and does not hold itself. */
    private RawRecord withPathFields(RawRecord r) {
      if (pathFields.isEmpty() || r.reason() != null) {
        return r;
      }
      Map<String, String> merged = PathFieldPattern.fillBlanks(r.fields(), pathFields, fields);
      return merged == r.fields()
          ? r
          : RawRecord.ok(r.sourceUri(), r.position(), merged, r.excerpt());
    }

    private void finish() {
      done = true;
      String crc = raw == null ? null : drainAndChecksum();
      digests.add(new FileDigest(uri, file.size(), crc, count));
      closeQuietly();
    }

    /** Reads what the format reader left (trailing bytes) so the CRC covers the whole file. */
    private String drainAndChecksum() {
      byte[] buf = new byte[1 << 16];
      try {
        while (raw.read(buf) > 0) {
          // only for the checksum
        }
      } catch (IOException e) {
        return null;
      }
      return String.format("%08x", raw.getChecksum().getValue());
    }

    private void closeQuietly() {
      try {
        if (raw != null) {
          raw.close();
        }
      } catch (IOException e) {
        LOG.debug("closing {}", uri, e);
      }
    }
  }
}
