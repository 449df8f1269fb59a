package io.newsdrift.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.config.DedupConfig;
import io.newsdrift.schema.Cols;
import io.newsdrift.spark.Lineage;
import io.newsdrift.text.Words;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds duplicates among accepted articles.
 *
 * <ul>
 *   <li>The same article id (same outlet and URL, or source id) twice: with the same content the
 *       later copy is an exact duplicate; with other content it is rejected as {@code
 *       duplicate_id}, since two different texts cannot both be that article.
 *   <li>Exact duplicates: the same outlet and the same normalised content (its words) more than
 *       once. Only the earliest copy is kept. Identical copies at <em>different</em> outlets are
 *       syndication, not noise: they are kept and clustered as near duplicates.
 *   <li>Near duplicates: banded MinHash LSH (MLlib) over word shingles finds candidate pairs, kept
 *       when their exact Jaccard similarity is at least the threshold. Rewrites of one story (the
 *       two {@code seeds} files) share most words but few shingles: a second banded MinHash over
 *       word sets finds them, kept when their word sets reach {@code dedup.rewrite_threshold} and
 *       they still share {@code dedup.rewrite_min_shingles} of their shingles. Clusters form around
 *       the earliest article (ties: the article whose outlet a dateline names, then the lowest id),
 *       which is canonical; every member is similar to the canonical itself, so clusters do not
 *       chain. All members are kept.
 * </ul>
 */
public final class Deduplicator {
  private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);
  private static final int SHINGLE_SPACE = 1 << 24;
  private static final String ORDER_KEY = Cols.ORDER_KEY;
  private static final String LABEL = "label";
  private static final String SHINGLES = Cols.SHINGLES;
  private static final String WORDS = Cols.WORDS;
  private static final String BUCKET = "bucket";
  private static final String SHINGLE_BANDS = Cols.SHINGLE_BANDS;
  private static final String WORD_BANDS = Cols.WORD_BANDS;
  private static final String SKETCH = Cols.SKETCH;
  private static final String STORED = "stored";
  private static final String DAY = "day";

  /** Values of {@code duplicates.rule}: why a record is a copy of its canonical article. */
  public static final String RULE_SAME_RECORD = "same_record";

  public static final String RULE_SAME_ID = "same_id";
  public static final String RULE_SAME_TEXT = "same_text";
  public static final String RULE_CANONICAL = "canonical";
  public static final String RULE_SIMILAR_TEXT = "similar_text";
  public static final String RULE_REWRITE = "rewrite";

  private Deduplicator() {}

  /**
   * What deduplication decided.
   *
   * @param articles the kept articles, with {@code dup_cluster_id} and {@code is_canonical}
   * @param duplicates rows of the {@code duplicates} table (without run id)
   * @param rejects outcome rows of records rejected as {@code duplicate_id}
   * @param signatures the new kept articles' rows of the {@code signatures} table (without run id)
   * @param storedStates the cluster of every stored article of {@link Stored#outputDates}: article
   *     id, {@code dup_cluster_id}, {@code is_canonical}
   */
  public record Result(
      Dataset<Row> articles,
      Dataset<Row> duplicates,
      Dataset<Row> rejects,
      Dataset<Row> signatures,
      Dataset<Row> storedStates) {}

  /**
   * What the warehouse already holds, for a nightly that deduplicates its new articles against the
   * articles of earlier nights. Stored articles come first: a new record with a stored record's id
   * or text is the copy, whatever its publication time.
   *
   * @param keys every stored kept article: id, outlet, content hash, publication time, date, source
   *     position and {@code dup_cluster_id} (narrow columns; no text)
   * @param signatures the {@code signatures} rows of the stored articles near the new ones (within
   *     three lookbacks of their dates: what their clusters can depend on)
   * @param outputDates the dates whose clusters are output: where a new article can change one
   */
  public record Stored(Dataset<Row> keys, Dataset<Row> signatures, Set<LocalDate> outputDates) {}

  /** Deduplication of a batch alone: what {@code ingest} and a backfill do. */
  public static Result apply(SparkSession spark, Dataset<Row> accepted, DedupConfig config) {
    return apply(spark, accepted, config, null);
  }

  /**
   * @param accepted accepted outcome rows of {@link Canonicalizer}
   * @param stored what earlier nights stored, or null for a batch alone
   */
  public static Result apply(
      SparkSession spark, Dataset<Row> accepted, DedupConfig config, Stored stored) {
    Dataset<Row> candidates = accepted.withColumn(STORED, lit(false));
    if (stored != null) {
      candidates =
          candidates.unionByName(
              stored.keys().drop(Cols.DUP_CLUSTER_ID).withColumn(STORED, lit(true)), true);
    }
    // Stored records first: they are in the warehouse already, and a nightly cannot take them
    // back out of it; in a batch alone the order is the records' own.
    WindowSpec byId =
        Window.partitionBy(Cols.ARTICLE_ID)
            .orderBy(
                col(STORED).desc(),
                col(Cols.PUBLISHED_AT),
                col(Cols.SOURCE_URI),
                col(Cols.RECORD_POSITION));
    Dataset<Row> ranked =
        candidates
            .withColumn("id_rank", row_number().over(byId))
            .withColumn("id_first_hash", first(col(Cols.CONTENT_HASH)).over(byId));
    Dataset<Row> idConflicts =
        ranked
            .filter(not(col(STORED)))
            .filter(col("id_rank").gt(1).and(col(Cols.CONTENT_HASH).notEqual(col("id_first_hash"))))
            .withColumn(Canonicalizer.STATUS, lit(Canonicalizer.REJECTED))
            .withColumn(Cols.REASON, lit("duplicate_id"))
            .withColumn(
                Cols.MESSAGE,
                concat(
                    lit("article id "),
                    col(Cols.ARTICLE_ID),
                    lit(" (same outlet and URL or source id) already holds other content")))
            .withColumn(
                Cols.RAW_EXCERPT,
                concat_ws(" | ", col(Cols.OUTLET), col(Cols.URL), col(Cols.TITLE)))
            .drop("id_rank", "id_first_hash", STORED);
    // One group per outlet and content: its earliest record is kept, every other record of it is
    // an exact copy of that one. Copies of an id are in the group of the id's first record (an id
    // names one outlet, and other content under it was rejected above), so a feed that re-sends an
    // id whose text another id already carries still points every copy at the kept record.
    WindowSpec byContent =
        Window.partitionBy(Cols.OUTLET, Cols.CONTENT_HASH)
            .orderBy(
                col(STORED).desc(),
                col(Cols.PUBLISHED_AT),
                col(Cols.ARTICLE_ID),
                col(Cols.SOURCE_URI),
                col(Cols.RECORD_POSITION));
    Dataset<Row> contentRanked =
        ranked
            .filter(col(Cols.CONTENT_HASH).equalTo(col("id_first_hash")))
            .drop("id_first_hash")
            .withColumn("content_rank", row_number().over(byContent))
            .withColumn("kept_id", first(col(Cols.ARTICLE_ID)).over(byContent))
            .withColumn("kept_published_at", first(col(Cols.PUBLISHED_AT)).over(byContent));
    Dataset<Row> kept =
        contentRanked
            .filter(col("content_rank").equalTo(1).and(not(col(STORED))))
            .drop("content_rank", "kept_id", "kept_published_at", "id_rank", STORED);
    // Small (copies only) and used by the articles and by the duplicates table: cut here, so
    // writing each table does not sort every article again to rebuild them.
    Dataset<Row> exact =
        Lineage.cut(
            contentRanked
                .filter(col("content_rank").gt(1).and(not(col(STORED))))
                .select(
                    col(Cols.ARTICLE_ID),
                    col(Cols.OUTLET),
                    col(Cols.DATE),
                    col(Cols.SOURCE_URI),
                    col(Cols.RECORD_POSITION),
                    col("kept_id"),
                    exactRule(col("kept_id"), col("kept_published_at")).as(Cols.RULE)));

    Dataset<Row> signatures =
        articleSets(spark, kept, config).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> nodes =
        stored == null
            ? signatures
            : signatures.unionByName(stored.signatures().select(signatureColumns()));
    Dataset<Row> allMembers = Lineage.cut(nearClusters(nodes, config));
    // Clusters are decided from the lookback before each article, so those near the new articles
    // are all that can change; the rest are as earlier nights left them.
    Dataset<Row> members =
        stored == null
            ? allMembers
            : allMembers.filter(col(Cols.DATE).isin(dates(stored.outputDates())));
    Dataset<Row> clusterOf = members.select(col(Cols.ARTICLE_ID), col(Cols.CLUSTER_ID));
    Dataset<Row> articles = withCluster(kept, clusterOf);
    Dataset<Row> storedStates =
        stored == null
            ? null
            : withCluster(
                    stored
                        .keys()
                        .filter(col(Cols.DATE).isin(dates(stored.outputDates())))
                        .select(Cols.ARTICLE_ID),
                    clusterOf)
                .select(Cols.ARTICLE_ID, Cols.DUP_CLUSTER_ID, Cols.IS_CANONICAL);

    Dataset<Row> canonicals =
        nodes.select(
            col(Cols.ARTICLE_ID).as(Cols.CANONICAL_ARTICLE_ID),
            col(Cols.OUTLET).as(Cols.CANONICAL_OUTLET));
    Dataset<Row> nearRows =
        members
            .join(
                canonicals,
                members.col(Cols.CLUSTER_ID).equalTo(canonicals.col(Cols.CANONICAL_ARTICLE_ID)))
            .select(
                col(Cols.CLUSTER_ID),
                col(Cols.ARTICLE_ID),
                col(Cols.OUTLET),
                col(Cols.DATE),
                col(Cols.CANONICAL_ARTICLE_ID),
                col(Cols.CANONICAL_OUTLET),
                col(Cols.SIMILARITY),
                lit("near").as(Cols.KIND),
                nearRule(config).as(Cols.RULE),
                col(Cols.SOURCE_URI),
                col(Cols.RECORD_POSITION));
    // A new copy's kept record may be stored: its cluster is the one decided now if it lies among
    // the output dates, else the stored one.
    Dataset<Row> keptClusters = articles.select(Cols.ARTICLE_ID, Cols.DUP_CLUSTER_ID, Cols.OUTLET);
    if (stored != null) {
      Dataset<Row> storedKept =
          stored
              .keys()
              .select(Cols.ARTICLE_ID, Cols.DUP_CLUSTER_ID, Cols.OUTLET)
              .join(storedStates.select(Cols.ARTICLE_ID), Cols.ARTICLE_ID, "left_anti");
      Dataset<Row> reclustered =
          storedStates
              .join(stored.keys().select(Cols.ARTICLE_ID, Cols.OUTLET), Cols.ARTICLE_ID)
              .select(Cols.ARTICLE_ID, Cols.DUP_CLUSTER_ID, Cols.OUTLET);
      keptClusters = keptClusters.unionByName(storedKept).unionByName(reclustered);
    }
    keptClusters =
        keptClusters.select(
            col(Cols.ARTICLE_ID).as("kept_id"),
            col(Cols.DUP_CLUSTER_ID).as(Cols.CLUSTER_ID),
            col(Cols.OUTLET).as(Cols.CANONICAL_OUTLET));
    Dataset<Row> exactRows =
        exact
            .join(keptClusters, "kept_id")
            .select(
                col(Cols.CLUSTER_ID),
                col(Cols.ARTICLE_ID),
                col(Cols.OUTLET),
                col(Cols.DATE),
                col("kept_id").as(Cols.CANONICAL_ARTICLE_ID),
                col(Cols.CANONICAL_OUTLET),
                lit(1.0).as(Cols.SIMILARITY),
                lit("exact").as(Cols.KIND),
                col(Cols.RULE),
                col(Cols.SOURCE_URI),
                col(Cols.RECORD_POSITION));
    return new Result(
        articles, nearRows.unionByName(exactRows), idConflicts, signatures, storedStates);
  }

  private static Column[] signatureColumns() {
    return java.util.Arrays.stream(SIGNATURE.fieldNames())
        .map(functions::col)
        .toArray(Column[]::new);
  }

  /** Rows with their cluster (their own id when in none) and whether they are its canonical. */
  private static Dataset<Row> withCluster(Dataset<Row> rows, Dataset<Row> clusterOf) {
    return rows.join(clusterOf, Cols.ARTICLE_ID, "left")
        .withColumn(Cols.DUP_CLUSTER_ID, coalesce(col(Cols.CLUSTER_ID), col(Cols.ARTICLE_ID)))
        .withColumn(Cols.IS_CANONICAL, col(Cols.DUP_CLUSTER_ID).equalTo(col(Cols.ARTICLE_ID)))
        .drop(Cols.CLUSTER_ID);
  }

  private static Object[] dates(Set<LocalDate> dates) {
    return dates.stream().map(java.sql.Date::valueOf).toArray();
  }

  /**
   * Which rule makes an exact copy one, against the kept record: {@code same_record} (the same id,
   * content and publication time: the record delivered twice), {@code same_id} (the same id and
   * content, published again at another time) or {@code same_text} (another id at the same outlet
   * with the same normalised words).
   */
  private static Column exactRule(Column keptId, Column keptPublishedAt) {
    return when(col(Cols.ARTICLE_ID).notEqual(keptId), lit(RULE_SAME_TEXT))
        .when(col(Cols.PUBLISHED_AT).equalTo(keptPublishedAt), lit(RULE_SAME_RECORD))
        .otherwise(lit(RULE_SAME_ID));
  }

  /**
   * Which rule puts a member in its near-duplicate cluster: {@code canonical} for the cluster's
   * earliest article itself, {@code similar_text} when its shingle similarity to it reaches {@code
   * dedup.near_threshold}, else {@code rewrite} (the same words reworded, see {@link
   * #rewriteCandidates}).
   */
  private static Column nearRule(DedupConfig config) {
    return when(col(Cols.ARTICLE_ID).equalTo(col(Cols.CANONICAL_ARTICLE_ID)), lit(RULE_CANONICAL))
        .when(col(Cols.SIMILARITY).geq(config.nearThreshold()), lit(RULE_SIMILAR_TEXT))
        .otherwise(lit(RULE_REWRITE));
  }

  /**
   * Members of near-duplicate clusters among the articles of {@code sets} (rows of the {@code
   * signatures} table): article id, outlet, date, source position, cluster id (the canonical
   * member's article id) and the similarity to the canonical member (1.0 for the canonical itself).
   *
   * <p>Candidates come from banded MinHash with MLlib's MinHash family ({@link MinHashSignatures}):
   * {@code bands x rows} values per article, and two articles are candidates only when all values
   * of one band agree (AND within a band, OR across bands). Within a band bucket every member is
   * paired with the bucket's earliest member published at most {@code dedup.lookback_days} before
   * it, so candidates grow linearly even when thousands of copies share a bucket. Candidates are
   * then verified by their exact Jaccard similarity. Rewrite candidates come from the same banding
   * over word sets ({@link #rewriteCandidates}).
   *
   * <p>The canonical of a cluster is an article with no similar article in the lookback before it;
   * an article joins the earliest such canonical it is similar to. An article similar only to
   * members of other clusters stays out of every cluster, so clusters never chain (A~B and B~C with
   * A and C unrelated never puts A and C together). An article's cluster is thereby decided by the
   * two lookbacks before it alone, which is what lets a nightly recompute the clusters near its new
   * articles from their stored signatures and agree with one backfill of everything.
   */
  static Dataset<Row> nearClusters(Dataset<Row> sets, DedupConfig config) {
    Dataset<Row> withDay =
        sets.withColumn(
                DAY, functions.datediff(col(Cols.DATE), lit(java.sql.Date.valueOf("1970-01-01"))))
            .persist(StorageLevel.MEMORY_AND_DISK());
    int lookback = config.lookbackDays();
    Dataset<Row> candidates = candidatePairs(withDay, SHINGLE_BANDS, lookback);
    if (rewrites(config)) {
      candidates = candidates.union(rewriteCandidates(withDay, config));
    }
    candidates = candidates.distinct();
    Dataset<Row> va =
        withDay.select(col(ORDER_KEY).as("a"), col(SHINGLES).as("sa"), col(WORDS).as("wa"));
    Dataset<Row> vb =
        withDay.select(col(ORDER_KEY).as("b"), col(SHINGLES).as("sb"), col(WORDS).as("wb"));
    Column shingleJaccard = col(Cols.SIMILARITY);
    Column wordJaccard = col("word_similarity");
    Dataset<Row> pairs =
        Lineage.cut(
            candidates
                .join(va, "a")
                .join(vb, "b")
                .select(
                    col("a"),
                    col("b"),
                    JACCARD.apply(col("sa"), col("sb")).as(Cols.SIMILARITY),
                    JACCARD.apply(col("wa"), col("wb")).as("word_similarity"))
                .filter(
                    shingleJaccard
                        .geq(config.nearThreshold())
                        .or(
                            wordJaccard
                                .geq(config.rewriteThreshold())
                                .and(shingleJaccard.geq(config.rewriteMinShingles()))))
                .drop("word_similarity"));
    withDay.unpersist();
    LOG.info("near-duplicate pairs verified: {}", pairs.count());
    Dataset<Row> meta =
        sets.select(
            col(ORDER_KEY),
            col(Cols.ARTICLE_ID),
            col(Cols.OUTLET),
            col(Cols.DATE),
            col(Cols.SOURCE_URI),
            col(Cols.RECORD_POSITION));
    return withoutTemplates(
            attachToCanonicals(pairs),
            meta.select(ORDER_KEY, Cols.OUTLET),
            config.templateClusterSize())
        .join(meta, ORDER_KEY)
        .withColumn(Cols.CLUSTER_ID, substring_index(col(LABEL), "|", -1))
        .select(
            col(Cols.ARTICLE_ID),
            col(Cols.OUTLET),
            col(Cols.DATE),
            col(Cols.SOURCE_URI),
            col(Cols.RECORD_POSITION),
            col(Cols.CLUSTER_ID),
            col(Cols.SIMILARITY));
  }

  /** Whether rewrites (word sets plus some shared passages) count as near duplicates. */
  private static boolean rewrites(DedupConfig config) {
    return config.rewriteThreshold() < 1.0;
  }

  /**
   * Candidate pairs ({@code a} earlier than {@code b}) of banded MinHash over one column of band
   * keys: each article paired, in every band bucket it falls in, with the bucket's earliest article
   * published on its day or up to {@code lookback} days before.
   */
  private static Dataset<Row> candidatePairs(Dataset<Row> sets, String bandColumn, int lookback) {
    // The head as a window over the bucket: one shuffle of the band keys, where joining the
    // buckets to their grouped heads shuffled every band key twice and sorted both sides.
    WindowSpec lookbackInBucket =
        Window.partitionBy(BUCKET).orderBy(col(DAY)).rangeBetween(-lookback, 0);
    return sets.select(explode(col(bandColumn)).as(BUCKET), col(ORDER_KEY), col(DAY))
        .withColumn("head", min(ORDER_KEY).over(lookbackInBucket))
        .filter(col(ORDER_KEY).gt(col("head")))
        .select(col("head").as("a"), col(ORDER_KEY).as("b"));
  }

  /**
   * Candidate rewrites: pairs whose word sets share a band, kept only when their shingle sketches
   * estimate at least half of {@code dedup.rewrite_min_shingles}. Word sets of unrelated articles
   * in a small vocabulary (the demo corpus) collide all the time, about 33 candidates an article,
   * but share almost no shingles; the sketches drop them before their sets are fetched, which is
   * what verification costs.
   */
  private static Dataset<Row> rewriteCandidates(Dataset<Row> sets, DedupConfig config) {
    Dataset<Row> byWords = candidatePairs(sets, WORD_BANDS, config.lookbackDays());
    if (config.rewriteMinShingles() == 0) {
      return byWords; // no shingle minimum to estimate against
    }
    Dataset<Row> sketches = sets.select(col(ORDER_KEY), col(SKETCH));
    return byWords
        .join(sketches.toDF("a", "ka"), "a")
        .join(sketches.toDF("b", "kb"), "b")
        .filter(ESTIMATED_JACCARD.apply(col("ka"), col("kb")).geq(config.rewriteMinShingles() / 2))
        .select(col("a"), col("b"));
  }

  /**
   * Dissolves clusters that are an outlet's page template rather than a story: at least {@code
   * minSize} members, all from one outlet (a cookie notice or a live blog scraped as the body of
   * articles with different headlines). Syndication spans outlets, and such clusters are kept.
   */
  private static Dataset<Row> withoutTemplates(
      Dataset<Row> clustered, Dataset<Row> outlets, int minSize) {
    Dataset<Row> withOutlet = clustered.join(outlets, ORDER_KEY);
    Dataset<Row> templates =
        withOutlet
            .groupBy(LABEL)
            .agg(
                functions.count(lit(1)).as("members"),
                functions.countDistinct(col(Cols.OUTLET)).as("outlets"))
            .filter(col("members").geq(minSize).and(col("outlets").equalTo(1)))
            .select(LABEL);
    return clustered.join(templates, LABEL, "left_anti");
  }

  /**
   * Clusters of verified pairs ({@code a} earlier than {@code b}): an article with no earlier
   * partner is a canonical; an article joins its earliest canonical partner. Returns order key,
   * label (the canonical's order key) and the similarity to it; a canonical nobody joined is no
   * cluster, and an article with earlier partners none of which is canonical is in none.
   */
  private static Dataset<Row> attachToCanonicals(Dataset<Row> pairs) {
    Dataset<Row> later = pairs.select(col("b").as("a")).distinct();
    Dataset<Row> roots = pairs.select(col("a")).distinct().join(later, "a", "left_anti");
    Dataset<Row> attached =
        pairs
            .join(roots, "a")
            .withColumn("rank", row_number().over(Window.partitionBy("b").orderBy(col("a"))))
            .filter(col("rank").equalTo(1))
            .select(col("b").as(ORDER_KEY), col("a").as(LABEL), col(Cols.SIMILARITY));
    Dataset<Row> canonicals =
        attached
            .select(col(LABEL).as(ORDER_KEY))
            .distinct()
            .withColumn(LABEL, col(ORDER_KEY))
            .withColumn(Cols.SIMILARITY, lit(1.0));
    return canonicals.unionByName(attached);
  }

  /** Exact Jaccard similarity of two sets encoded by {@link IntSets#encode}. */
  private static final UserDefinedFunction JACCARD =
      udf((UDF2<byte[], byte[], Double>) IntSets::jaccard, DataTypes.DoubleType).asNonNullable();

  /** Jaccard similarity estimated from two {@link MinHashSignatures#sketch sketches}. */
  private static final UserDefinedFunction ESTIMATED_JACCARD =
      udf((UDF2<byte[], byte[], Double>) MinHashSignatures::estimatedJaccard, DataTypes.DoubleType)
          .asNonNullable();

  /** The columns of a {@code signatures} row, in order (the table adds the run id). */
  public static final StructType SIGNATURE =
      new StructType()
          .add(Cols.ARTICLE_ID, DataTypes.StringType, false)
          .add(Cols.OUTLET, DataTypes.StringType, true)
          .add(Cols.DATE, DataTypes.DateType, true)
          .add(Cols.SOURCE_URI, DataTypes.StringType, true)
          .add(Cols.RECORD_POSITION, DataTypes.LongType, true)
          .add(ORDER_KEY, DataTypes.StringType, false)
          .add(SHINGLES, DataTypes.BinaryType, false)
          .add(WORDS, DataTypes.BinaryType, false)
          .add(SHINGLE_BANDS, DataTypes.createArrayType(DataTypes.LongType, false), false)
          .add(SKETCH, DataTypes.BinaryType, false)
          .add(WORD_BANDS, DataTypes.createArrayType(DataTypes.LongType, false), false);

  /**
   * Each kept article's signature: its set of hashed word shingles and its set of hashed words,
   * encoded by {@link IntSets#encode}, the band keys of the shingles' MinHash signature and its
   * sketch, and (when rewrites count, else empty) the band keys of the words' signature; with the
   * order key that ranks copies (earliest first; ties: the article whose outlet a dateline names,
   * then the lowest id). No row if the article is too short for one shingle. Stored in {@code
   * signatures}, so later nights compare their articles with these without reading texts again.
   */
  private static Dataset<Row> articleSets(
      SparkSession spark, Dataset<Row> kept, DedupConfig config) {
    Column orderKey =
        concat(
            date_format(col(Cols.PUBLISHED_AT), "yyyyMMddHHmmss"),
            lit("|"),
            when(col(Canonicalizer.DATELINE_OUTLET), lit("0")).otherwise(lit("1")),
            lit("|"),
            col(Cols.ARTICLE_ID));
    return signaturesOf(spark, kept.withColumn(ORDER_KEY, orderKey), config);
  }

  /**
   * What the stored signatures are made under: the hashing and every setting their sets, band keys
   * and sketches depend on. Signatures of two schemes cannot be compared (their band keys never
   * meet), so a warehouse keeps one, recorded on its {@code signatures} table.
   */
  public static String signatureScheme(DedupConfig config) {
    return "minhash-mllib/1 shingle_words="
        + config.shingleWords()
        + " bands="
        + config.bands()
        + " rows_per_band="
        + config.rowsPerBand()
        + " seed="
        + config.seed()
        + " word_bands="
        + (rewrites(config) ? "yes" : "no");
  }

  /**
   * Stored {@code signatures} rows made again under {@code config}'s scheme from their articles'
   * texts, keeping each row's order key (which needs the raw record's dateline): the rows an ingest
   * under {@code config} would have stored for the same articles.
   *
   * @param articles the {@code articles} rows of (at least) the stored signatures' articles
   */
  public static Dataset<Row> resigned(
      SparkSession spark, Dataset<Row> signatures, Dataset<Row> articles, DedupConfig config) {
    return signaturesOf(
        spark,
        signatures
            .select(
                Cols.ARTICLE_ID,
                Cols.OUTLET,
                Cols.DATE,
                Cols.SOURCE_URI,
                Cols.RECORD_POSITION,
                ORDER_KEY)
            .join(articles.select(Cols.ARTICLE_ID, Cols.TITLE, Cols.TEXT), Cols.ARTICLE_ID),
        config);
  }

  /** {@link #articleSets} of rows that carry their order key already. */
  private static Dataset<Row> signaturesOf(
      SparkSession spark, Dataset<Row> keyed, DedupConfig config) {
    int functions = config.bands() * config.rowsPerBand();
    MinHashSignatures shingleHash =
        MinHashSignatures.fromMllib(spark, functions, config.seed(), SHINGLE_SPACE);
    MinHashSignatures wordHash =
        rewrites(config)
            ? MinHashSignatures.fromMllib(spark, functions, config.seed() + 1, SHINGLE_SPACE)
            : null;
    int k = config.shingleWords();
    int rows = config.rowsPerBand();
    return spark.createDataFrame(
        keyed
            .select(
                col(Cols.ARTICLE_ID),
                col(Cols.OUTLET),
                col(Cols.DATE),
                col(Cols.SOURCE_URI),
                col(Cols.RECORD_POSITION),
                col(ORDER_KEY),
                col(Cols.TITLE),
                col(Cols.TEXT))
            .javaRDD()
            .flatMap(
                r -> {
                  List<String> words = Words.split(r.getString(6) + "\n" + r.getString(7));
                  int[] shingles = shingles(words, k);
                  if (shingles.length == 0) {
                    return java.util.Collections.<Row>emptyIterator();
                  }
                  int[] wordSet = shingles(words, 1);
                  long[] signature = shingleHash.signature(shingles);
                  long[] wordBands =
                      wordHash == null
                          ? new long[0]
                          : MinHashSignatures.bandKeys(wordHash.signature(wordSet), rows);
                  return List.of(
                          RowFactory.create(
                              r.get(0),
                              r.get(1),
                              r.get(2),
                              r.get(3),
                              r.get(4),
                              r.get(5),
                              IntSets.encode(shingles),
                              IntSets.encode(wordSet),
                              MinHashSignatures.bandKeys(signature, rows),
                              MinHashSignatures.sketch(signature),
                              wordBands))
                      .iterator();
                }),
        SIGNATURE);
  }

  /**
   * The distinct hashed k-word shingles of the words, sorted; empty when there are fewer than k
   * words. Each word is hashed once and a shingle's hash mixes its words' hashes in order.
   */
  static int[] shingles(List<String> words, int k) {
    if (words.size() < k) {
      return new int[0];
    }
    int[] wordHashes = new int[words.size()];
    for (int i = 0; i < wordHashes.length; i++) {
      wordHashes[i] = words.get(i).hashCode();
    }
    int[] out = new int[words.size() - k + 1];
    for (int i = 0; i < out.length; i++) {
      int h = 0x2545F491;
      for (int j = i; j < i + k; j++) {
        h = (h ^ wordHashes[j]) * 0x9E3779B1;
        h ^= h >>> 15;
      }
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      out[i] = Math.floorMod(h, SHINGLE_SPACE);
    }
    return IntSets.sortedDistinct(out);
  }
}
