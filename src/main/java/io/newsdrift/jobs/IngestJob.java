package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.newsdrift.config.DedupConfig;
import io.newsdrift.config.IngestConfig;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.ingest.Canonicalizer;
import io.newsdrift.ingest.Deduplicator;
import io.newsdrift.ingest.RecordLedger;
import io.newsdrift.io.FileDigest;
import io.newsdrift.io.InputFile;
import io.newsdrift.io.RawSources;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.JobGroups;
import io.newsdrift.spark.Multisets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest}: raw dumps to {@code articles}, {@code rejects} and {@code duplicates}. Every
 * input record ends in exactly one of accepted, rejected, exact duplicate or near duplicate, and
 * the counts are checked to add up before anything is reported as done.
 *
 * <p>A plain {@code ingest} (and a backfill) replaces the date partitions present in its output
 * (articles and duplicates by publication date, rejects by the run's logical date), so every source
 * of a date goes in one run; its duplicates are found within its input. A nightly reads only the
 * files {@code input_files} does not hold (or holds at another version), compares their articles
 * with the stored {@code signatures} within {@code dedup.lookback_days}, and rewrites only the
 * dates it touched or whose clusters changed.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
  private static final int UNACCOUNTED_SHOWN = 10;
  private static final String ACCEPTED = "articles";
  private static final String REJECTED = "rejects";
  private static final String EXACT = "exact duplicates";
  private static final String NEAR = "near duplicates";
  private static final String OUTSIDE = "outside the window";

  /** Marks the version of a file being read; package-visible for the kill tests. */
  static final String PENDING = "pending:";

  /** Reject reason of an article older than a nightly ingests ({@code nightly.late_days}). */
  public static final String TOO_LATE = "too_late";

  /** The {@code signatures} table property naming the scheme its rows are made under. */
  static final String SIGNATURE_SCHEME = "newsdrift.signature-scheme";

  private final RunContext ctx;
  private final List<SourceSpec> sources;
  private final DateWindow window;
  private final LocalDate lateLimit; // incremental: oldest date a nightly ingests
  private final boolean incremental;
  private UnaryOperator<Deduplicator.Result> afterDeduplication = UnaryOperator.identity();
  private TouchedDates touched = TouchedDates.all();
  private TouchedDates reclustered = TouchedDates.all();
  // The dates whose clusters a nightly decides again (a superset of what it rewrites).
  private TouchedDates decidedAgain = TouchedDates.all();

  public IngestJob(RunContext ctx, List<SourceSpec> sources) {
    this(ctx, sources, DateWindow.all());
  }

  /**
   * Ingest that keeps only articles published inside {@code window} ({@code nightly}, {@code
   * backfill}); valid articles outside it are counted, not written.
   */
  public IngestJob(RunContext ctx, List<SourceSpec> sources, DateWindow window) {
    this(ctx, sources, window, null, false);
  }

  private IngestJob(
      RunContext ctx,
      List<SourceSpec> sources,
      DateWindow window,
      LocalDate lateLimit,
      boolean incremental) {
    if (sources.isEmpty()) {
      throw new io.newsdrift.config.ConfigException(
          "ingest needs a source: --input URI --format jsonl|csv|parquet|text, or 'sources' in --config");
    }
    this.ctx = ctx;
    this.sources = List.copyOf(sources);
    this.window = window;
    this.lateLimit = lateLimit;
    this.incremental = incremental;
  }

  /**
   * A nightly's ingest: reads only the files it has not read before (by URI, size and version: the
   * ETag on object storage, else the modification time), or whose content changed (what they
   * brought before is replaced); ingests every valid article into its date, back to {@code
   * lateLimit} (older ones are rejected as {@code too_late}; null: no limit, the first night), and
   * finds its duplicates among the stored articles too (exact copies at any distance, near ones
   * within {@code dedup.lookback_days}, through the stored signatures).
   */
  public static IngestJob nightly(RunContext ctx, List<SourceSpec> sources, LocalDate lateLimit) {
    return new IngestJob(ctx, sources, DateWindow.all(), lateLimit, true);
  }

  /** The dates whose articles this run changed (valid after {@link #run}). */
  public TouchedDates touched() {
    return touched;
  }

  /**
   * The dates whose articles, clusters or duplicates this run changed, a superset of {@link
   * #touched} (valid after {@link #run}): what coverage recomputes.
   */
  public TouchedDates reclustered() {
    return reclustered;
  }

  public RunLog.Accounting run(SparkSession spark, RunLog log) {
    IngestConfig config = ctx.config().ingest();
    DedupConfig dedup = ctx.config().dedup();
    log.seed("dedup", dedup.seed());
    // Dedup cuts the lineage of its rounds; on a cluster that must survive a lost executor, so
    // the checkpoints go to the warehouse's file system rather than executor storage.
    boolean scratch =
        !spark.sparkContext().isLocal() && spark.sparkContext().getCheckpointDir().isEmpty();
    if (scratch) {
      spark.sparkContext().setCheckpointDir(ctx.warehouse().scratchPath(ctx.runId()));
    }

    CollectionAccumulator<FileDigest> digests =
        spark.sparkContext().collectionAccumulator("input files");
    Map<String, Row> known = incremental ? knownFiles(spark) : Map.of();
    Map<String, InputFile> read = new TreeMap<>();
    Dataset<Row> outcomes = null;
    for (SourceSpec source : sources) {
      List<InputFile> listed = RawSources.list(spark, source.input(), source.format());
      List<InputFile> files = listed.stream().filter(f -> isNew(f, known)).toList();
      LOG.info(
          "source {} ({}): {} files{}",
          source.input(),
          source.format().cliName(),
          listed.size(),
          incremental ? ", " + files.size() + " of them new or changed" : "");
      if (files.isEmpty()) {
        continue;
      }
      files.forEach(f -> read.put(f.uri(), f));
      JavaRDD<Row> raw = RawSources.records(spark, source, files, config, digests);
      Dataset<Row> canonical =
          new Canonicalizer(source.mapping(), config, futureReference()).apply(spark, raw);
      outcomes = outcomes == null ? canonical : outcomes.unionByName(canonical);
    }
    if (outcomes == null) {
      LOG.warn("ingest: no file is new or changed since the last nightly: nothing to ingest");
      touched = TouchedDates.of(List.of());
      reclustered = touched;
      RunLog.Accounting none = new RunLog.Accounting(0, 0, 0, 0, 0, 0);
      log.accounting(none);
      return none;
    }
    List<String> readUris = List.copyOf(read.keySet());
    List<String> changed = readUris.stream().filter(known::containsKey).toList();
    if (!changed.isEmpty()) {
      LOG.info(
          "{} files changed since they were read; what they brought before is replaced: {}",
          changed.size(),
          changed.subList(0, Math.min(5, changed.size())));
    }
    outcomes = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> all = outcomes;
    long records =
        JobGroups.describe(spark, "ingest: read and canonicalise raw records", all::count);
    log.files(uniqueByUri(digests.value()));
    LOG.info("{} raw records read", records);

    Column isAccepted = col(Canonicalizer.STATUS).equalTo(Canonicalizer.ACCEPTED);
    Column inWindow = window.contains(col(Cols.DATE));
    Column tooLate =
        lateLimit == null ? lit(false) : col(Cols.DATE).lt(lit(java.sql.Date.valueOf(lateLimit)));
    Dataset<Row> accepted = outcomes.filter(isAccepted.and(inWindow).and(not(tooLate)));
    Dataset<Row> late =
        outcomes
            .filter(isAccepted.and(tooLate))
            .withColumn(Canonicalizer.STATUS, lit(Canonicalizer.REJECTED))
            .withColumn(Cols.REASON, lit(TOO_LATE))
            .withColumn(
                Cols.MESSAGE,
                concat(
                    lit("published on "),
                    col(Cols.DATE).cast("string"),
                    lit(
                        ", before "
                            + lateLimit
                            + " (nightly.late_days before the night);"
                            + " a backfill of its date ingests it")))
            .withColumn(
                Cols.RAW_EXCERPT,
                concat_ws(" | ", col(Cols.OUTLET), col(Cols.URL), col(Cols.TITLE)));

    resignIfOtherScheme(spark, dedup);
    // A nightly's stored signatures and duplicates, read as it found them (Warehouse.asFound).
    Warehouse found =
        ctx.warehouse().asFound(spark, ctx.runId(), List.of(Table.SIGNATURES, Table.DUPLICATES));
    Deduplicator.Stored stored = null;
    boolean haveArticles = ctx.warehouse().exists(spark, Table.ARTICLES);
    if (incremental && haveArticles) {
      stored = stored(spark, found, accepted, changed, dedup.lookbackDays());
    } else if (incremental) {
      touched = TouchedDates.all();
      reclustered = touched;
    }
    Deduplicator.Stored storedForDedup = stored;
    Deduplicator.Result deduped =
        afterDeduplication.apply(
            JobGroups.describe(
                spark,
                "ingest: find exact and near duplicates",
                () -> Deduplicator.apply(spark, accepted, dedup, storedForDedup)));
    // Persisted as the deduplicator returns them: the duplicates table is derived from these very
    // rows, and Spark reuses a cached plan only where it recurs unchanged (not under the run id).
    Dataset<Row> dedupedArticles = deduped.articles().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> articles = dedupedArticles.withColumn(Cols.RUN_ID, lit(ctx.runId()));
    Dataset<Row> duplicates =
        deduped
            .duplicates()
            .withColumn(Cols.RUN_ID, lit(ctx.runId()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> rejects =
        outcomes
            .filter(col(Canonicalizer.STATUS).equalTo(Canonicalizer.REJECTED))
            .unionByName(deduped.rejects())
            .unionByName(late)
            .withColumn(Cols.INGEST_DATE, lit(java.sql.Date.valueOf(ctx.logicalDate())))
            .withColumn(Cols.RUN_ID, lit(ctx.runId()))
            .persist(StorageLevel.MEMORY_AND_DISK());

    // The books are checked before any table is written: a run that loses or doubles a record
    // fails with the records' names and leaves every table as it was.
    Map<String, Dataset<Row>> places = new LinkedHashMap<>();
    places.put(ACCEPTED, dedupedArticles.filter(col(Cols.IS_CANONICAL)));
    places.put(REJECTED, rejects);
    places.put(EXACT, duplicates.filter(col(Cols.KIND).equalTo("exact")));
    places.put(NEAR, dedupedArticles.filter(not(col(Cols.IS_CANONICAL))));
    places.put(OUTSIDE, outcomes.filter(isAccepted.and(not(inWindow))));
    RecordLedger.Balance balance =
        JobGroups.describe(
            spark,
            "ingest: check that every record is accounted for",
            () -> RecordLedger.balance(all, places, UNACCOUNTED_SHOWN));
    Map<String, Long> n = balance.counts();
    RunLog.Accounting accounting =
        new RunLog.Accounting(
            balance.records(),
            n.get(ACCEPTED),
            n.get(REJECTED),
            n.get(EXACT),
            n.get(NEAR),
            n.get(OUTSIDE));
    LOG.info("ingest accounting: {}", accounting);
    if (!window.isAll()) {
      LOG.info("{} valid articles lie outside the window {}", n.get(OUTSIDE), window);
    }
    if (!balance.balances()) {
      throw new IllegalStateException(
          "record accounting does not add up, so no table was written: "
              + accounting.summary()
              + "; "
              + balance.unaccounted()
              + " records are in no place or in more than one, the first: "
              + String.join(", ", balance.firstUnaccounted()));
    }
    log.accounting(accounting);
    if (accounting.accepted() + accounting.nearDuplicates() == 0) {
      LOG.warn(
          "ingest: no new articles ({}): articles and duplicates keep what they had",
          accounting.summary());
    }

    Dataset<Row> signatures = deduped.signatures().withColumn(Cols.RUN_ID, lit(ctx.runId()));
    // First: files marked pending, so that a run killed while writing finds them changed next
    // time and replaces what they brought, instead of taking their records for copies.
    JobGroups.describe(
        spark,
        "ingest: mark the files read as pending",
        () ->
            ctx.warehouse()
                .replace(
                    spark,
                    Table.INPUT_FILES,
                    inputFiles(spark, read, digests.value())
                        .withColumn(Cols.VERSION, concat(lit(PENDING), col(Cols.VERSION))),
                    col(Cols.SOURCE_URI).isin(readUris.toArray())));
    if (stored == null) {
      writeBatch(spark, articles, rejects, duplicates, signatures);
    } else {
      writeNight(spark, found, deduped, articles, rejects, duplicates, signatures, changed);
    }
    // Last: a run killed before this reads the same files again next time, and replaces what
    // they brought.
    JobGroups.describe(
        spark,
        "ingest: write input_files",
        () ->
            ctx.warehouse()
                .replace(
                    spark,
                    Table.INPUT_FILES,
                    inputFiles(spark, read, digests.value()),
                    col(Cols.SOURCE_URI).isin(readUris.toArray())));
    deduped.signatures().unpersist();
    if (ctx.warehouse().property(spark, Table.SIGNATURES, SIGNATURE_SCHEME).isEmpty()) {
      ctx.warehouse()
          .setProperty(
              spark, Table.SIGNATURES, SIGNATURE_SCHEME, Deduplicator.signatureScheme(dedup));
    }
    if (scratch) {
      ctx.warehouse().deleteScratch(spark, ctx.runId());
    }
    outcomes.unpersist();
    dedupedArticles.unpersist();
    duplicates.unpersist();
    rejects.unpersist();
    return accounting;
  }

  /** Every file read by an earlier run: URI to its input_files row. */
  private Map<String, Row> knownFiles(SparkSession spark) {
    Map<String, Row> known = new HashMap<>();
    if (ctx.warehouse().exists(spark, Table.INPUT_FILES)) {
      for (Row r : ctx.warehouse().read(spark, Table.INPUT_FILES).collectAsList()) {
        known.put(r.getString(r.fieldIndex(Cols.SOURCE_URI)), r);
      }
    }
    return known;
  }

  private static boolean isNew(InputFile f, Map<String, Row> known) {
    Row k = known.get(f.uri());
    return k == null
        || k.getLong(k.fieldIndex(Cols.SIZE_BYTES)) != f.size()
        || !f.version().equals(k.getString(k.fieldIndex(Cols.VERSION)));
  }

  private Dataset<Row> inputFiles(
      SparkSession spark, Map<String, InputFile> read, List<FileDigest> digests) {
    Map<String, FileDigest> byUri = new HashMap<>();
    uniqueByUri(digests).forEach(d -> byUri.put(d.uri(), d));
    List<Row> rows = new ArrayList<>();
    for (InputFile f : read.values()) {
      FileDigest d = byUri.get(f.uri());
      rows.add(
          RowFactory.create(
              f.uri(),
              f.size(),
              f.version(),
              d == null ? null : d.crc32(),
              d == null ? null : d.records(),
              ctx.runId()));
    }
    StructType schema =
        new StructType()
            .add(Cols.SOURCE_URI, DataTypes.StringType)
            .add(Cols.SIZE_BYTES, DataTypes.LongType)
            .add(Cols.VERSION, DataTypes.StringType)
            .add(Cols.CRC32, DataTypes.StringType)
            .add(Cols.RECORDS, DataTypes.LongType)
            .add(Cols.RUN_ID, DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * What the warehouse holds that a night's new articles are deduplicated against: the touched
   * dates (the new articles' and those of the articles changed files brought before), the dates
   * whose clusters can change (from one lookback before a touched date to three after: an article's
   * cluster depends on the two lookbacks before it, and a cluster spans one) and the signatures
   * their clusters are decided from (four lookbacks either side).
   */
  private Deduplicator.Stored stored(
      SparkSession spark,
      Warehouse found,
      Dataset<Row> accepted,
      List<String> changed,
      int lookback) {
    Dataset<Row> articles = ctx.warehouse().read(spark, Table.ARTICLES);
    SortedSet<LocalDate> dates = new TreeSet<>();
    accepted.select(Cols.DATE).distinct().collectAsList().stream()
        .filter(r -> !r.isNullAt(0))
        .forEach(r -> dates.add(r.getDate(0).toLocalDate()));
    Column retracted = col(Cols.SOURCE_URI).isin(changed.toArray());
    if (!changed.isEmpty()) {
      articles
          .filter(retracted)
          .select(Cols.DATE)
          .distinct()
          .collectAsList()
          .forEach(r -> dates.add(r.getDate(0).toLocalDate()));
    }
    touched = TouchedDates.of(dates);
    decidedAgain = TouchedDates.of(around(dates, lookback, 3 * lookback));
    TouchedDates inputs = TouchedDates.of(around(dates, 4 * lookback, 4 * lookback));
    LOG.info(
        "nightly ingest: touches {}; clusters decided again on {}, from the signatures of {}",
        touched,
        decidedAgain,
        inputs);
    Dataset<Row> keys =
        articles
            .filter(not(retracted))
            .select(
                Cols.ARTICLE_ID,
                Cols.OUTLET,
                Cols.CONTENT_HASH,
                Cols.PUBLISHED_AT,
                Cols.DATE,
                Cols.SOURCE_URI,
                Cols.RECORD_POSITION,
                Cols.DUP_CLUSTER_ID);
    // Only stored articles that share an id or a text with a new one, or whose cluster is
    // recomputed, can matter: the rest of the archive is not shuffled.
    Dataset<Row> newIds = accepted.select(Cols.ARTICLE_ID).distinct();
    Dataset<Row> newTexts = accepted.select(Cols.OUTLET, Cols.CONTENT_HASH).distinct();
    Dataset<Row> relevant =
        keys.join(
                functions.broadcast(newIds),
                keys.col(Cols.ARTICLE_ID).equalTo(newIds.col(Cols.ARTICLE_ID)),
                "left_semi")
            .unionByName(
                keys.join(
                    functions.broadcast(newTexts),
                    keys.col(Cols.OUTLET)
                        .equalTo(newTexts.col(Cols.OUTLET))
                        .and(keys.col(Cols.CONTENT_HASH).equalTo(newTexts.col(Cols.CONTENT_HASH))),
                    "left_semi"))
            .unionByName(keys.filter(decidedAgain.contains(col(Cols.DATE))))
            .distinct();
    Dataset<Row> signatures =
        ctx.warehouse().exists(spark, Table.SIGNATURES)
            ? found
                .read(spark, Table.SIGNATURES)
                .filter(inputs.contains(col(Cols.DATE)).and(not(retracted)))
            : spark.createDataFrame(List.of(), Deduplicator.SIGNATURE);
    // Cut here: the keys come from scans of the whole articles table, which every later query of
    // the night (dedup, the writes) would otherwise plan again.
    return new Deduplicator.Stored(
        io.newsdrift.spark.Lineage.cut(relevant), signatures, decidedAgain.asSet());
  }

  /**
   * The dates from {@code before} days before to {@code after} days after each of {@code dates}.
   */
  private static SortedSet<LocalDate> around(Set<LocalDate> dates, int before, int after) {
    SortedSet<LocalDate> out = new TreeSet<>();
    for (LocalDate d : dates) {
      for (int i = -before; i <= after; i++) {
        out.add(d.plusDays(i));
      }
    }
    return out;
  }

  /** A batch's tables: the date partitions it holds replace the stored ones. */
  private void writeBatch(
      SparkSession spark,
      Dataset<Row> articles,
      Dataset<Row> rejects,
      Dataset<Row> duplicates,
      Dataset<Row> signatures) {
    JobGroups.describe(
        spark,
        "ingest: write articles",
        () -> ctx.warehouse().write(spark, Table.ARTICLES, articles));
    JobGroups.describe(
        spark, "ingest: write rejects", () -> ctx.warehouse().write(spark, Table.REJECTS, rejects));
    JobGroups.describe(
        spark,
        "ingest: write duplicates",
        () -> ctx.warehouse().write(spark, Table.DUPLICATES, duplicates));
    JobGroups.describe(
        spark,
        "ingest: write signatures",
        () -> ctx.warehouse().write(spark, Table.SIGNATURES, signatures));
  }

  /**
   * A night's tables: the articles and duplicates of the dates whose clusters were recomputed are
   * replaced (stored ones with their clusters decided again, plus the new ones), rejects and
   * signatures of the files read replace what those files brought before, and the signatures older
   * than any later night can look back to are dropped.
   */
  private void writeNight(
      SparkSession spark,
      Warehouse found,
      Deduplicator.Result deduped,
      Dataset<Row> articles,
      Dataset<Row> rejects,
      Dataset<Row> duplicates,
      Dataset<Row> signatures,
      List<String> changed) {
    // What the changed files brought before (no other file read has rows yet).
    Column fromRead = changed.isEmpty() ? lit(false) : col(Cols.SOURCE_URI).isin(changed.toArray());
    Column storedAndDecided = decidedAgain.contains(col(Cols.DATE)).and(not(fromRead));
    Dataset<Row> states = io.newsdrift.spark.Lineage.cut(deduped.storedStates());
    Dataset<Row> storedArticles =
        ctx.warehouse().read(spark, Table.ARTICLES).filter(storedAndDecided);
    Dataset<Row> restated =
        storedArticles.drop(Cols.DUP_CLUSTER_ID, Cols.IS_CANONICAL).join(states, Cols.ARTICLE_ID);
    Dataset<Row> clusterOfKept =
        states
            .unionByName(articles.select(Cols.ARTICLE_ID, Cols.DUP_CLUSTER_ID, Cols.IS_CANONICAL))
            .select(
                col(Cols.ARTICLE_ID).as("kept_id"), col(Cols.DUP_CLUSTER_ID).as("kept_cluster"));
    // None yet after a first night killed between the articles' commit and the duplicates'.
    Dataset<Row> storedDuplicates =
        found
            .readIfExists(spark, Table.DUPLICATES.tableName())
            .orElseGet(() -> Table.DUPLICATES.conform(duplicates.limit(0)))
            .filter(storedAndDecided);
    Dataset<Row> storedCopies = storedDuplicates.filter(col(Cols.KIND).equalTo("exact"));
    Dataset<Row> repointed =
        storedCopies
            .join(
                clusterOfKept,
                storedCopies.col(Cols.CANONICAL_ARTICLE_ID).equalTo(clusterOfKept.col("kept_id")),
                "left")
            .withColumn(Cols.CLUSTER_ID, coalesce(col("kept_cluster"), col(Cols.CLUSTER_ID)))
            .drop("kept_id", "kept_cluster");
    Dataset<Row> allDuplicates =
        Table.DUPLICATES
            .conform(duplicates)
            .unionByName(Table.DUPLICATES.conform(repointed))
            .persist(StorageLevel.MEMORY_AND_DISK());
    // Of the dates decided again, only those where a stored article's cluster or canonical flag,
    // or a duplicate's row, came out different are rewritten (with the touched ones), and only
    // these are the later stages' work: usually the touched dates alone.
    Column[] state = {
      col(Cols.ARTICLE_ID), col(Cols.DATE), col(Cols.DUP_CLUSTER_ID), col(Cols.IS_CANONICAL)
    };
    SortedSet<LocalDate> rewritten = new TreeSet<>(touched.dates());
    JobGroups.describe(
            spark,
            "ingest: dates whose clusters changed",
            () ->
                Multisets.differing(restated.select(state), storedArticles.select(state))
                    .select(Cols.DATE)
                    .unionByName(
                        Multisets.differing(
                                allDuplicates.drop(Cols.RUN_ID), storedDuplicates.drop(Cols.RUN_ID))
                            .select(Cols.DATE))
                    .distinct()
                    .collectAsList())
        .forEach(r -> rewritten.add(r.getDate(0).toLocalDate()));
    reclustered = TouchedDates.of(rewritten);
    LOG.info(
        "nightly ingest: rewrites the articles and duplicates of {} (clusters decided again on {})",
        reclustered,
        decidedAgain);
    Column recomputed = reclustered.contains(col(Cols.DATE));
    // Before any table changes: the later stages' work, kept until the night has done it all.
    new PendingDates(ctx.warehouse()).record(spark, reclustered, ctx.runId());
    // When no file read had brought rows before, the stored rows replaced lie in the dates
    // decided again, and the new ones in the touched dates and the run's ingest date: the
    // replacements name these partitions instead of querying for them.
    boolean nothingRetracted = changed.isEmpty();
    replaceNight(
        spark,
        Table.ARTICLES,
        Table.ARTICLES
            .conform(articles)
            .unionByName(Table.ARTICLES.conform(restated.filter(recomputed))),
        recomputed.or(fromRead),
        nothingRetracted ? recomputed : null);
    replaceNight(
        spark,
        Table.REJECTS,
        rejects,
        fromRead,
        nothingRetracted
            ? col(Cols.INGEST_DATE).equalTo(lit(java.sql.Date.valueOf(ctx.logicalDate())))
            : null);
    replaceNight(
        spark,
        Table.DUPLICATES,
        allDuplicates.filter(recomputed),
        recomputed.or(fromRead),
        nothingRetracted ? recomputed : null);
    allDuplicates.unpersist();
    LocalDate oldest =
        ctx.logicalDate()
            .minusDays(
                ctx.config().nightly().lateDays() + 4L * ctx.config().dedup().lookbackDays());
    replaceNight(
        spark,
        Table.SIGNATURES,
        signatures,
        fromRead,
        nothingRetracted ? touched.contains(col(Cols.DATE)) : null);
    // Apart from the replacement: a filter on the partition column alone drops files without
    // reading them, where one commit with the replacement would read every partition it tests.
    JobGroups.describe(
        spark,
        "ingest: drop signatures no later night looks back to",
        () -> ctx.warehouse().dropPartitionsBefore(spark, Table.SIGNATURES, oldest));
  }

  /**
   * Stored signatures made under another scheme than the settings' ({@link
   * Deduplicator#signatureScheme}: other MinHash settings, or none recorded) are made again from
   * their articles' texts, all in one commit, before anything compares with them: new and stored
   * signatures of two schemes never meet, and every copy of an earlier night's story would be
   * missed without a word. The scheme is recorded after the commit, so a run killed in between
   * rebuilds them again.
   */
  private void resignIfOtherScheme(SparkSession spark, DedupConfig dedup) {
    Warehouse wh = ctx.warehouse();
    if (!wh.exists(spark, Table.SIGNATURES)) {
      return;
    }
    String wanted = Deduplicator.signatureScheme(dedup);
    Optional<String> stored = wh.property(spark, Table.SIGNATURES, SIGNATURE_SCHEME);
    if (stored.isPresent() && stored.get().equals(wanted)) {
      return;
    }
    LOG.warn(
        "ingest: the stored signatures were made under {}, the settings ask for {}: every stored"
            + " signature is made again from its article's text, so that copies of earlier"
            + " nights' stories are still found",
        stored.orElse("a scheme not recorded"),
        wanted);
    JobGroups.describe(
        spark,
        "ingest: signatures made again under " + wanted,
        () -> {
          Dataset<Row> signatures = wh.read(spark, Table.SIGNATURES);
          // The texts of the signatures' dates alone (a few weeks), not of the whole archive.
          TouchedDates dates =
              TouchedDates.of(
                  signatures.select(Cols.DATE).distinct().collectAsList().stream()
                      .map(r -> r.getDate(0).toLocalDate())
                      .toList());
          Dataset<Row> articles =
              wh.read(spark, Table.ARTICLES).filter(dates.contains(col(Cols.DATE)));
          wh.replace(
              spark,
              Table.SIGNATURES,
              Deduplicator.resigned(spark, signatures, articles, dedup)
                  .withColumn(Cols.RUN_ID, lit(ctx.runId())),
              lit(true),
              lit(true));
        });
    wh.setProperty(spark, Table.SIGNATURES, SIGNATURE_SCHEME, wanted);
  }

  /**
   * One of a night's tables written ({@link Warehouse#replace}): in {@code partitions} when the
   * caller knows them (null: in those a query finds).
   */
  private void replaceNight(
      SparkSession spark, Table table, Dataset<Row> rows, Column replaced, Column partitions) {
    JobGroups.describe(
        spark,
        "ingest: write " + table.tableName(),
        () -> {
          if (partitions == null) {
            ctx.warehouse().replace(spark, table, rows, replaced);
          } else {
            ctx.warehouse().replace(spark, table, rows, replaced, partitions);
          }
        });
  }

  /**
   * A seam for tests: replaces what deduplication decided before the books are checked, so that a
   * test can play a deduplication bug (a lost or doubled record) and see that nothing is written.
   */
  IngestJob afterDeduplication(UnaryOperator<Deduplicator.Result> hook) {
    this.afterDeduplication = hook;
    return this;
  }

  /**
   * The date {@code future_date} is measured from: the logical date, or for a nightly or a windowed
   * run (backfill) today if later, so that replaying old nights does not reject the articles of
   * later dates as from the future (a nightly ingests them, as it reads a file only once; a
   * backfill counts them outside its window).
   */
  private LocalDate futureReference() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return (window.isAll() && !incremental) || ctx.logicalDate().isAfter(today)
        ? ctx.logicalDate()
        : today;
  }

  private static List<FileDigest> uniqueByUri(List<FileDigest> digests) {
    Map<String, FileDigest> byUri = new TreeMap<>();
    for (FileDigest d : new ArrayList<>(digests)) {
      byUri.putIfAbsent(d.uri(), d);
    }
    return List.copyOf(byUri.values());
  }
}
