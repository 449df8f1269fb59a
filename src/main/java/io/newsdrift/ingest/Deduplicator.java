package io.newsdrift.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
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
import java.util.TreeSet;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
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
 *       when their exact Jaccard similarity is at least the threshold. Clusters form around the
 *       earliest article (ties: the article whose outlet a dateline names, then the lowest id),
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
  private static final String HASHES = "hashes";
  private static final String WORDS = "words";
  private static final String BUCKET = "bucket";

  private static final StructType MEMBER_SCHEMA =
      new StructType()
          .add(Cols.ARTICLE_ID, DataTypes.StringType)
          .add(Cols.OUTLET, DataTypes.StringType)
          .add(Cols.DATE, DataTypes.DateType)
          .add(Cols.SOURCE_URI, DataTypes.StringType)
          .add(Cols.RECORD_POSITION, DataTypes.LongType)
          .add(Cols.CLUSTER_ID, DataTypes.StringType)
          .add(Cols.SIMILARITY, DataTypes.DoubleType);

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
    Dataset<Row> sameId =
        ranked.filter(
            col("id_rank").gt(1).and(col(Cols.CONTENT_HASH).equalTo(col("id_first_hash"))));
    Dataset<Row> firstOfId =
        ranked.filter(col("id_rank").equalTo(1)).drop("id_rank", "id_first_hash");

    WindowSpec byContent =
        Window.partitionBy(Cols.OUTLET, Cols.CONTENT_HASH)
            .orderBy(col(Cols.PUBLISHED_AT), col(Cols.ARTICLE_ID));
    Dataset<Row> contentRanked =
        firstOfId
            .withColumn("content_rank", row_number().over(byContent))
            .withColumn("content_first_id", first(col(Cols.ARTICLE_ID)).over(byContent));
    Dataset<Row> kept =
        contentRanked
            .filter(col("content_rank").equalTo(1))
            .drop("content_rank", "content_first_id");
    Dataset<Row> exact =
        exactCopies(sameId, col(Cols.ARTICLE_ID))
            .unionByName(
                exactCopies(
                    contentRanked.filter(col("content_rank").gt(1)), col("content_first_id")));

    Dataset<Row> members = nearClusters(spark, kept, config);
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
                col(Cols.SOURCE_URI),
                col(Cols.RECORD_POSITION));
    return new Result(articles, nearRows.unionByName(exactRows), idConflicts);
  }

  /** Exact copies with the id of the kept copy they repeat. */
  private static Dataset<Row> exactCopies(Dataset<Row> copies, Column keptId) {
    return copies.select(
        col(Cols.ARTICLE_ID),
        col(Cols.OUTLET),
        col(Cols.DATE),
        col(Cols.SOURCE_URI),
        col(Cols.RECORD_POSITION),
        keptId.as("kept_id"));
  }

  /**
   * Members of near-duplicate clusters: article id, outlet, date, source position, cluster id (the
   * canonical member's article id) and the similarity to the canonical member (1.0 for the
   * canonical one itself).
   *
   * <p>Candidates come from banded MinHash: MLlib's {@link MinHashLSH} computes {@code bands x
   * rows} MinHash values per article and two articles are candidates only when all values of one
   * band agree (AND within a band, OR across bands). MLlib's own similarity join ORs single hashes,
   * so articles that merely share boilerplate collide and the join grows quadratically. Within a
   * band bucket every member is paired with the bucket's earliest member only, so candidates grow
   * linearly even when thousands of copies share a bucket. Candidates are then verified by their
   * exact Jaccard similarity.
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
    Dataset<Row> vectors =
        shingleVectors(spark, nodes, config.shingleWords()).persist(StorageLevel.MEMORY_AND_DISK());
    if (vectors.isEmpty()) { // MinHashLSH cannot even be fitted without a vector
      vectors.unpersist();
      return spark.createDataFrame(List.of(), MEMBER_SCHEMA);
    }
    Dataset<Row> candidates = candidatePairs(vectors, SHINGLES, config, config.seed());
    if (config.rewriteThreshold() < 1.0) { // the word-set pass costs as much again
      candidates = candidates.union(candidatePairs(vectors, WORDS, config, config.seed() + 1));
    }
    candidates = candidates.distinct();
    Dataset<Row> va =
        vectors.select(col(ORDER_KEY).as("a"), col(SHINGLES).as("sa"), col(WORDS).as("wa"));
    Dataset<Row> vb =
        vectors.select(col(ORDER_KEY).as("b"), col(SHINGLES).as("sb"), col(WORDS).as("wb"));
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
    vectors.unpersist();
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

  /**
   * Candidate pairs ({@code a} earlier than {@code b}) of banded MinHash over one set column: each
   * article paired with the earliest article of every band bucket it falls in.
   */
  private static Dataset<Row> candidatePairs(
      Dataset<Row> vectors, String setColumn, DedupConfig config, long seed) {
    MinHashLSHModel lsh =
        new MinHashLSH()
            .setNumHashTables(config.bands() * config.rowsPerBand())
            .setSeed(seed)
            .setInputCol(setColumn)
            .setOutputCol(HASHES)
            .fit(vectors);
    Dataset<Row> buckets =
        bandBuckets(
            vectors.sparkSession(),
            lsh.transform(vectors.select(ORDER_KEY, setColumn)),
            config.rowsPerBand());
    Dataset<Row> heads = buckets.groupBy(BUCKET).agg(min(ORDER_KEY).as("head"));
    return buckets
        .join(heads, BUCKET)
        .filter(col(ORDER_KEY).gt(col("head")))
        .select(col("head").as("a"), col(ORDER_KEY).as("b"));
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
   * One row per (band bucket, article): the bucket key is a 64-bit hash of the band's index and its
   * MinHash values.
   */
  private static Dataset<Row> bandBuckets(SparkSession spark, Dataset<Row> hashed, int rows) {
    StructType schema =
        new StructType()
            .add(BUCKET, DataTypes.LongType, false)
            .add(ORDER_KEY, DataTypes.StringType, false);
    return spark.createDataFrame(
        hashed
            .select(ORDER_KEY, HASHES)
            .javaRDD()
            .flatMap(
                r -> {
                  List<Vector> hashes = r.getList(1);
                  List<Row> out = new java.util.ArrayList<>(hashes.size() / rows);
                  for (int band = 0; band + rows <= hashes.size(); band += rows) {
                    long key = 0x9E3779B97F4A7C15L * (band + 1);
                    for (int i = band; i < band + rows; i++) {
                      key = (key ^ (long) hashes.get(i).apply(0)) * 0xBF58476D1CE4E5B9L;
                      key ^= key >>> 31;
                    }
                    out.add(RowFactory.create(key, r.getString(0)));
                  }
                  return out.iterator();
                }),
        schema);
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

  /** Exact Jaccard similarity of two binary sparse vectors (sorted indices). */
  private static final UserDefinedFunction JACCARD =
      udf(
              (UDF2<Vector, Vector, Double>)
                  (x, y) -> {
                    int[] a = x.toSparse().indices();
                    int[] b = y.toSparse().indices();
                    int i = 0;
                    int j = 0;
                    int common = 0;
                    while (i < a.length && j < b.length) {
                      if (a[i] == b[j]) {
                        common++;
                        i++;
                        j++;
                      } else if (a[i] < b[j]) {
                        i++;
                      } else {
                        j++;
                      }
                    }
                    int union = a.length + b.length - common;
                    return union == 0 ? 0.0 : (double) common / union;
                  },
              DataTypes.DoubleType)
          .asNonNullable();

  /**
   * Each article's set of hashed word shingles and its set of hashed words, as binary sparse
   * vectors (none if too short for one shingle).
   */
  private static Dataset<Row> shingleVectors(SparkSession spark, Dataset<Row> nodes, int k) {
    StructType schema =
        new StructType()
            .add(ORDER_KEY, DataTypes.StringType, false)
            .add(SHINGLES, SQLDataTypes.VectorType(), false)
            .add(WORDS, SQLDataTypes.VectorType(), false);
    return spark.createDataFrame(
        nodes
            .select(ORDER_KEY, Cols.TITLE, Cols.TEXT)
            .javaRDD()
            .flatMap(
                r -> {
                  String text = r.getString(1) + "\n" + r.getString(2);
                  Vector v = shingles(text, k);
                  return v == null
                      ? java.util.Collections.<Row>emptyIterator()
                      : List.of(RowFactory.create(r.getString(0), v, shingles(text, 1))).iterator();
                }),
        schema);
  }

  /** Hashed k-word shingles of the text; null when it has fewer than k words. */
  static Vector shingles(String text, int k) {
    List<String> words = Analyzer.words(text);
    if (words.size() < k) {
      return null;
    }
    TreeSet<Integer> indices = new TreeSet<>();
    for (int i = 0; i + k <= words.size(); i++) {
      int h = String.join(" ", words.subList(i, i + k)).hashCode();
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      indices.add(Math.floorMod(h, SHINGLE_SPACE));
    }
    int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
    double[] ones = new double[idx.length];
    java.util.Arrays.fill(ones, 1.0);
    return Vectors.sparse(SHINGLE_SPACE, idx, ones);
  }
}
