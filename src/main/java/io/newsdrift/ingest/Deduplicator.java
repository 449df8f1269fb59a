package io.newsdrift.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import io.newsdrift.config.DedupConfig;
import io.newsdrift.schema.Cols;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 *   <li>Near duplicates: MinHash LSH (MLlib) over word shingles finds pairs whose Jaccard
 *       similarity is at least the threshold; pairs are joined into clusters (connected
 *       components). All members are kept; the earliest is canonical (ties: the article whose
 *       outlet a dateline names, then the lowest id).
 * </ul>
 */
public final class Deduplicator {
  private static final Logger LOG = LoggerFactory.getLogger(Deduplicator.class);
  private static final int SHINGLE_SPACE = 1 << 24;
  private static final int MAX_COMPONENT_ROUNDS = 30;
  private static final String ORDER_KEY = "order_key";
  private static final String LABEL = "label";
  private static final String SHINGLES = "shingles";

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
   * canonical member's article id) and the highest similarity to another member (1.0 for the
   * canonical one).
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
    Dataset<Row> vectors = shingleVectors(spark, nodes, config.shingleWords()).cache();
    if (vectors.isEmpty()) { // MinHashLSH cannot even be fitted without a vector
      vectors.unpersist();
      return spark.createDataFrame(List.of(), MEMBER_SCHEMA);
    }
    MinHashLSHModel lsh =
        new MinHashLSH()
            .setNumHashTables(config.hashTables())
            .setSeed(config.seed())
            .setInputCol(SHINGLES)
            .setOutputCol("hashes")
            .fit(vectors);
    Dataset<Row> pairs =
        lsh.approxSimilarityJoin(vectors, vectors, 1.0 - config.nearThreshold(), "distance")
            .select(
                col("datasetA." + ORDER_KEY).as("a"),
                col("datasetB." + ORDER_KEY).as("b"),
                lit(1.0).minus(col("distance")).as(Cols.SIMILARITY))
            .filter(col("a").lt(col("b")))
            .cache();
    vectors.unpersist();
    LOG.info("near-duplicate pairs found: {}", pairs.count());

    Dataset<Row> edges =
        pairs
            .select(col("a").as("src"), col("b").as("dst"))
            .unionByName(pairs.select(col("b").as("src"), col("a").as("dst")));
    Dataset<Row> labels = edges.select(col("src").as(ORDER_KEY), col("src").as(LABEL)).distinct();
    for (int round = 0; round < MAX_COMPONENT_ROUNDS; round++) {
      Dataset<Row> proposed =
          edges
              .join(labels, edges.col("src").equalTo(labels.col(ORDER_KEY)))
              .select(col("dst").as(ORDER_KEY), col(LABEL));
      Dataset<Row> next =
          labels
              .unionByName(proposed)
              .groupBy(ORDER_KEY)
              .agg(min(LABEL).as(LABEL))
              .localCheckpoint();
      long changed =
          next.as("n")
              .join(labels.as("o"), col("n." + ORDER_KEY).equalTo(col("o." + ORDER_KEY)))
              .filter(col("n." + LABEL).notEqual(col("o." + LABEL)))
              .count();
      labels = next;
      if (changed == 0) {
        break;
      }
      if (round == MAX_COMPONENT_ROUNDS - 1) {
        LOG.warn(
            "near-duplicate clustering stopped after {} rounds before converging",
            MAX_COMPONENT_ROUNDS);
      }
    }
    Dataset<Row> bestSimilarity =
        edges
            .join(
                pairs,
                edges
                    .col("src")
                    .equalTo(pairs.col("a"))
                    .and(edges.col("dst").equalTo(pairs.col("b")))
                    .or(
                        edges
                            .col("src")
                            .equalTo(pairs.col("b"))
                            .and(edges.col("dst").equalTo(pairs.col("a")))))
            .groupBy(col("src").as(ORDER_KEY))
            .agg(max(Cols.SIMILARITY).as(Cols.SIMILARITY));
    return labels
        .join(bestSimilarity, ORDER_KEY)
        .join(nodes.drop(Cols.TITLE, Cols.TEXT), ORDER_KEY)
        .withColumn(Cols.CLUSTER_ID, substring_index(col(LABEL), "|", -1))
        .withColumn(
            Cols.SIMILARITY,
            when(col(LABEL).equalTo(col(ORDER_KEY)), lit(1.0)).otherwise(col(Cols.SIMILARITY)))
        .select(
            col(Cols.ARTICLE_ID),
            col(Cols.OUTLET),
            col(Cols.DATE),
            col(Cols.SOURCE_URI),
            col(Cols.RECORD_POSITION),
            col(Cols.CLUSTER_ID),
            greatest(col(Cols.SIMILARITY), lit(0.0)).as(Cols.SIMILARITY));
  }

  /** Each article's set of hashed word shingles as a binary sparse vector (none if too short). */
  private static Dataset<Row> shingleVectors(SparkSession spark, Dataset<Row> nodes, int k) {
    StructType schema =
        new StructType()
            .add(ORDER_KEY, DataTypes.StringType, false)
            .add(SHINGLES, SQLDataTypes.VectorType(), false);
    return spark.createDataFrame(
        nodes
            .select(ORDER_KEY, Cols.TITLE, Cols.TEXT)
            .javaRDD()
            .flatMap(
                r -> {
                  Vector v = shingles(r.getString(1) + "\n" + r.getString(2), k);
                  return v == null
                      ? java.util.Collections.<Row>emptyIterator()
                      : List.of(RowFactory.create(r.getString(0), v)).iterator();
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
