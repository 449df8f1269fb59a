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
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.config.DedupConfig;
import io.newsdrift.schema.Cols;
import io.newsdrift.spark.Lineage;
import io.newsdrift.text.Analyzer;
import java.util.List;
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
  private static final int MAX_COMPONENT_ROUNDS = 20;
  private static final String ORDER_KEY = "order_key";
  private static final String LABEL = "label";
  private static final String SHINGLES = "shingles";
  private static final String WORDS = "words";
  private static final String BUCKET = "bucket";
  private static final String SHINGLE_BANDS = "shingle_bands";
  private static final String WORD_BANDS = "word_bands";
  private static final String SKETCH = "sketch";

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
   */
  public record Result(Dataset<Row> articles, Dataset<Row> duplicates, Dataset<Row> rejects) {}

  /**
   * @param accepted accepted outcome rows of {@link Canonicalizer}
   */
  public static Result apply(SparkSession spark, Dataset<Row> accepted, DedupConfig config) {
    WindowSpec byId =
        Window.partitionBy(Cols.ARTICLE_ID)
            .orderBy(col(Cols.PUBLISHED_AT), col(Cols.SOURCE_URI), col(Cols.RECORD_POSITION));
    Dataset<Row> ranked =
        accepted
            .withColumn("id_rank", row_number().over(byId))
            .withColumn("id_first_hash", first(col(Cols.CONTENT_HASH)).over(byId));
    Dataset<Row> idConflicts =
        ranked
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
            .drop("id_rank", "id_first_hash");
    // One group per outlet and content: its earliest record is kept, every other record of it is
    // an exact copy of that one. Copies of an id are in the group of the id's first record (an id
    // names one outlet, and other content under it was rejected above), so a feed that re-sends an
    // id whose text another id already carries still points every copy at the kept record.
    WindowSpec byContent =
        Window.partitionBy(Cols.OUTLET, Cols.CONTENT_HASH)
            .orderBy(
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
            .filter(col("content_rank").equalTo(1))
            .drop("content_rank", "kept_id", "kept_published_at", "id_rank");
    // Small (copies only) and used by the articles and by the duplicates table: cut here, so
    // writing each table does not sort every article again to rebuild them.
    Dataset<Row> exact =
        Lineage.cut(
            contentRanked
                .filter(col("content_rank").gt(1))
                .select(
                    col(Cols.ARTICLE_ID),
                    col(Cols.OUTLET),
                    col(Cols.DATE),
                    col(Cols.SOURCE_URI),
                    col(Cols.RECORD_POSITION),
                    col("kept_id"),
                    exactRule(col("kept_id"), col("kept_published_at")).as(Cols.RULE)));

    Dataset<Row> members = Lineage.cut(nearClusters(spark, kept, config));
    Dataset<Row> articles =
        kept.join(
                members.select(col(Cols.ARTICLE_ID), col(Cols.CLUSTER_ID)), Cols.ARTICLE_ID, "left")
            .withColumn(Cols.DUP_CLUSTER_ID, coalesce(col(Cols.CLUSTER_ID), col(Cols.ARTICLE_ID)))
            .withColumn(Cols.IS_CANONICAL, col(Cols.DUP_CLUSTER_ID).equalTo(col(Cols.ARTICLE_ID)))
            .drop(Cols.CLUSTER_ID);

    Dataset<Row> canonicals =
        articles.select(
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
    Dataset<Row> keptClusters =
        articles.select(
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
    return new Result(articles, nearRows.unionByName(exactRows), idConflicts);
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
   * Members of near-duplicate clusters: article id, outlet, date, source position, cluster id (the
   * canonical member's article id) and the similarity to the canonical member (1.0 for the
   * canonical one itself).
   *
   * <p>Candidates come from banded MinHash with MLlib's MinHash family ({@link MinHashSignatures}):
   * {@code bands x rows} values per article, and two articles are candidates only when all values
   * of one band agree (AND within a band, OR across bands). MLlib's own similarity join ORs single
   * hashes, so articles that merely share boilerplate collide and the join grows quadratically.
   * Within a band bucket every member is paired with the bucket's earliest member only, so
   * candidates grow linearly even when thousands of copies share a bucket. Candidates are then
   * verified by their exact Jaccard similarity. Rewrite candidates come from the same banding over
   * word sets ({@link #rewriteCandidates}).
   *
   * <p>Clusters never chain: every member must itself be similar to the canonical (earliest)
   * member, so A~B and B~C with A and C unrelated never puts A and C together.
   */
  static Dataset<Row> nearClusters(SparkSession spark, Dataset<Row> kept, DedupConfig config) {
    Column orderKey =
        concat(
            date_format(col(Cols.PUBLISHED_AT), "yyyyMMddHHmmss"),
            lit("|"),
            when(col(Canonicalizer.DATELINE_OUTLET), lit("0")).otherwise(lit("1")),
            lit("|"),
            col(Cols.ARTICLE_ID));
    Dataset<Row> nodes =
        kept.select(
            col(Cols.ARTICLE_ID),
            col(Cols.OUTLET),
            col(Cols.DATE),
            col(Cols.SOURCE_URI),
            col(Cols.RECORD_POSITION),
            orderKey.as(ORDER_KEY),
            col(Cols.TITLE),
            col(Cols.TEXT));
    int functions = config.bands() * config.rowsPerBand();
    MinHashSignatures shingleHash =
        MinHashSignatures.fromMllib(spark, functions, config.seed(), SHINGLE_SPACE);
    MinHashSignatures wordHash =
        rewrites(config)
            ? MinHashSignatures.fromMllib(spark, functions, config.seed() + 1, SHINGLE_SPACE)
            : null;
    Dataset<Row> sets =
        articleSets(spark, nodes, config, shingleHash, wordHash)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> candidates = candidatePairs(sets, SHINGLE_BANDS);
    if (rewrites(config)) {
      candidates = candidates.union(rewriteCandidates(sets, config));
    }
    candidates = candidates.distinct();
    Dataset<Row> va =
        sets.select(col(ORDER_KEY).as("a"), col(SHINGLES).as("sa"), col(WORDS).as("wa"));
    Dataset<Row> vb =
        sets.select(col(ORDER_KEY).as("b"), col(SHINGLES).as("sb"), col(WORDS).as("wb"));
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
    sets.unpersist();
    LOG.info("near-duplicate pairs verified: {}", pairs.count());
    Dataset<Row> outlets = nodes.select(col(ORDER_KEY), col(Cols.OUTLET));
    return withoutTemplates(attachToCanonicals(pairs), outlets, config.templateClusterSize())
        .join(nodes.drop(Cols.TITLE, Cols.TEXT), ORDER_KEY)
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
   * keys: each article paired with the earliest article of every band bucket it falls in.
   */
  private static Dataset<Row> candidatePairs(Dataset<Row> sets, String bandColumn) {
    // The head as a window over the bucket: one shuffle of the band keys, where joining the
    // buckets to their grouped heads shuffled every band key twice and sorted both sides.
    return sets.select(explode(col(bandColumn)).as(BUCKET), col(ORDER_KEY))
        .withColumn("head", min(ORDER_KEY).over(Window.partitionBy(BUCKET)))
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
    Dataset<Row> byWords = candidatePairs(sets, WORD_BANDS);
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
   * Greedy earliest-first clustering of verified pairs ({@code a} earlier than {@code b}), in
   * rounds: an open article with no earlier open or canonical neighbour becomes canonical; an open
   * article with a canonical neighbour joins the earliest one. Every member is therefore similar to
   * its canonical. Returns order key, label (the canonical's order key) and the similarity to it.
   */
  private static Dataset<Row> attachToCanonicals(Dataset<Row> pairs) {
    Dataset<Row> open =
        Lineage.cut(
            pairs
                .select(col("a").as(ORDER_KEY))
                .union(pairs.select(col("b").as(ORDER_KEY)))
                .distinct());
    Dataset<Row> roots = open.limit(0);
    Dataset<Row> members = open.limit(0).withColumn(LABEL, lit("")).withColumn("sim", lit(0.0));
    for (int round = 0; round < MAX_COMPONENT_ROUNDS && !open.isEmpty(); round++) {
      Dataset<Row> live = open.unionByName(roots).select(col(ORDER_KEY).as("a"));
      Dataset<Row> blocked =
          pairs.join(live, "a").select(col("b").as(ORDER_KEY)).distinct(); // has an earlier one
      Dataset<Row> newRoots = open.join(blocked, ORDER_KEY, "left_anti");
      roots = Lineage.cut(roots.unionByName(newRoots));
      Dataset<Row> attached =
          Lineage.cut(
              pairs
                  .join(roots.select(col(ORDER_KEY).as("a")), "a")
                  .join(open.select(col(ORDER_KEY).as("b")), "b")
                  .withColumn("rank", row_number().over(Window.partitionBy("b").orderBy(col("a"))))
                  .filter(col("rank").equalTo(1))
                  .select(
                      col("b").as(ORDER_KEY), col("a").as(LABEL), col(Cols.SIMILARITY).as("sim")));
      members = Lineage.cut(members.unionByName(attached));
      open =
          Lineage.cut(
              open.join(newRoots, ORDER_KEY, "left_anti").join(attached, ORDER_KEY, "left_anti"));
      if (round == MAX_COMPONENT_ROUNDS - 1 && !open.isEmpty()) {
        LOG.warn(
            "near-duplicate clustering stopped after {} rounds; the rest stay unclustered",
            MAX_COMPONENT_ROUNDS);
      }
    }
    Dataset<Row> withMembers = members.select(col(LABEL).as(ORDER_KEY)).distinct();
    return roots
        .join(withMembers, ORDER_KEY) // a canonical nobody joined is no cluster
        .withColumn(LABEL, col(ORDER_KEY))
        .withColumn(Cols.SIMILARITY, lit(1.0))
        .unionByName(members.withColumnRenamed("sim", Cols.SIMILARITY));
  }

  /** Exact Jaccard similarity of two sets encoded by {@link IntSets#encode}. */
  private static final UserDefinedFunction JACCARD =
      udf((UDF2<byte[], byte[], Double>) IntSets::jaccard, DataTypes.DoubleType).asNonNullable();

  /** Jaccard similarity estimated from two {@link MinHashSignatures#sketch sketches}. */
  private static final UserDefinedFunction ESTIMATED_JACCARD =
      udf((UDF2<byte[], byte[], Double>) MinHashSignatures::estimatedJaccard, DataTypes.DoubleType)
          .asNonNullable();

  /**
   * Each article's set of hashed word shingles and its set of hashed words, encoded by {@link
   * IntSets#encode}, the band keys of the shingles' MinHash signature and its sketch, and (with
   * {@code wordHash}, else empty) the band keys of the words' signature. No row if the article is
   * too short for one shingle. Signatures are computed here once, where the sets are at hand.
   */
  private static Dataset<Row> articleSets(
      SparkSession spark,
      Dataset<Row> nodes,
      DedupConfig config,
      MinHashSignatures shingleHash,
      MinHashSignatures wordHash) {
    StructType schema =
        new StructType()
            .add(ORDER_KEY, DataTypes.StringType, false)
            .add(SHINGLES, DataTypes.BinaryType, false)
            .add(WORDS, DataTypes.BinaryType, false)
            .add(SHINGLE_BANDS, DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add(SKETCH, DataTypes.BinaryType, false)
            .add(WORD_BANDS, DataTypes.createArrayType(DataTypes.LongType, false), false);
    int k = config.shingleWords();
    int rows = config.rowsPerBand();
    return spark.createDataFrame(
        nodes
            .select(ORDER_KEY, Cols.TITLE, Cols.TEXT)
            .javaRDD()
            .flatMap(
                r -> {
                  List<String> words = Analyzer.words(r.getString(1) + "\n" + r.getString(2));
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
                              r.getString(0),
                              IntSets.encode(shingles),
                              IntSets.encode(wordSet),
                              MinHashSignatures.bandKeys(signature, rows),
                              MinHashSignatures.sketch(signature),
                              wordBands))
                      .iterator();
                }),
        schema);
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
