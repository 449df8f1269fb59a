package io.newsdrift.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import io.newsdrift.config.AnalyzerConfig;
import io.newsdrift.config.Settings;
import io.newsdrift.config.TopicsConfig;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.features.TermCounts;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.io.Warehouse;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.testing.BenchmarkSpark;
import io.newsdrift.testing.ResampledNews;
import io.newsdrift.text.Analyzer;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The topic-model benchmark's JVM side (bench/topics.sh runs it).
 *
 * <ul>
 *   <li>{@code export DIR ARTICLES VOCAB}: generates a demo corpus of ARTICLES articles, builds the
 *       vocabulary (the VOCAB most frequent terms) and writes the doc-term matrix every tool reads:
 *       {@code DIR/docs.txt} (one article a line, {@code id:count} pairs, in a fixed order) and
 *       {@code DIR/vocab.txt}.
 *   <li>{@code export-resampled DIR ARTICLES VOCAB WAREHOUSE}: the same, but the corpus is
 *       resampled from the real articles a pipeline run ingested into WAREHOUSE (canonical articles
 *       only; see {@link ResampledNews}; {@code -Dbench.corpus_seed}, 1, fixes which), so the tools
 *       meet real news language at a size the shared corpora do not reach.
 *   <li>{@code export-warehouse DIR WAREHOUSE [key=value ...]}: writes the same two files for the
 *       articles a pipeline run wrote to WAREHOUSE, as {@code topics fit} sees them with those
 *       settings: the current vocabulary's {@code topics.vocab_size} terms and the training
 *       articles (held-out and unsampled articles left out), so the peers of {@code bench/run} fit
 *       the data newsdrift's own fit did.
 *   <li>{@code ours|mllib DIR DOCS K PASSES BATCHES OUT.json}: fits on the first DOCS lines with k
 *       topics, PASSES passes of BATCHES mini-batches, and writes the fit seconds, the tokens and
 *       each topic's top 10 term ids.
 * </ul>
 */
public final class TopicsBenchmark {
  /** Every tool's seed: {@code -Dbench.seed} (bench/topics.sh passes $SEED), 42 by default. */
  private static final long SEED = Long.getLong("bench.seed", 42L);

  /** newsdrift's {@code topics.estep_delay}: {@code -Dbench.estep_delay} ($ESTEP_DELAY), 0. */
  private static final int E_STEP_DELAY = Integer.getInteger("bench.estep_delay", 0);

  /** Which resampled corpus {@code export-resampled} writes: {@code -Dbench.corpus_seed}, 1. */
  private static final long CORPUS_SEED = Long.getLong("bench.corpus_seed", 1L);

  private TopicsBenchmark() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = BenchmarkSpark.session("topics-benchmark", 2);
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "export" -> {
        int articles = Integer.parseInt(args[2]);
        DemoCorpusGenerator.generate(
            DemoCorpusSpec.defaults().withArticles(articles), dir.resolve("corpus"));
        export(spark, dir, Integer.parseInt(args[3]));
      }
      case "export-resampled" -> {
        writeResampled(spark, args[4], Integer.parseInt(args[2]), dir.resolve("corpus"));
        export(spark, dir, Integer.parseInt(args[3]));
      }
      case "export-warehouse" ->
          exportWarehouse(spark, dir, args[2], Arrays.asList(args).subList(3, args.length));
      case "ours", "mllib" ->
          fit(
              spark,
              args[0],
              dir,
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]),
              Path.of(args[6]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    spark.stop();
  }

  /**
   * Writes ARTICLES articles resampled from WAREHOUSE's canonical articles to corpus/. The sources
   * are held on the driver, since every generated article draws from any of them: meant for the
   * shared corpora's 21,000 or so articles, not for a warehouse of any size.
   */
  private static void writeResampled(
      SparkSession spark, String warehouseRoot, int articles, Path corpus) throws Exception {
    List<ResampledNews.Source> sources = new ArrayList<>();
    Iterator<Row> rows =
        new Warehouse(warehouseRoot)
            .read(spark, Table.ARTICLES)
            .where(col(Cols.IS_CANONICAL))
            .orderBy(Cols.ARTICLE_ID)
            .select(
                col(Cols.OUTLET), col(Cols.DATE).cast("string"), col(Cols.TITLE), col(Cols.TEXT))
            .toLocalIterator();
    while (rows.hasNext()) {
      Row r = rows.next();
      ResampledNews.Source source =
          ResampledNews.Source.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
      if (source != null) {
        sources.add(source);
      }
    }
    Files.createDirectories(corpus);
    try (BufferedWriter out =
        Files.newBufferedWriter(corpus.resolve("resampled.jsonl"), StandardCharsets.UTF_8)) {
      new ResampledNews(sources, CORPUS_SEED).writeJsonLines(articles, out);
    }
    System.out.printf(
        Locale.ROOT,
        "resampled articles=%d from source_articles=%d in %s%n",
        articles,
        sources.size(),
        warehouseRoot);
  }

  /** Reads the JSON-lines corpus under DIR/corpus and writes its vocabulary and doc-term matrix. */
  private static void export(SparkSession spark, Path dir, int vocabSize) throws Exception {
    Path corpus = dir.resolve("corpus");
    Dataset<Row> raw =
        spark
            .read()
            .json(corpus.resolve("*.jsonl").toString())
            .select(
                col("id").as(Cols.ARTICLE_ID),
                col("outlet").as(Cols.OUTLET),
                org.apache.spark.sql.functions.to_date(col("date")).as(Cols.DATE),
                col("title").as(Cols.TITLE),
                col("text").as(Cols.TEXT))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Analyzer analyzer = Analyzer.defaults();
    long docs = raw.count();
    Vocabulary vocabulary =
        Vocabulary.fit(
            TermCounts.perOutletAndDay(
                spark,
                raw.withColumn(Cols.LANGUAGE, org.apache.spark.sql.functions.lit("en")),
                analyzer),
            docs,
            vocabSize,
            3,
            analyzer);
    List<String> terms = vocabulary.head(vocabSize);
    long[] written =
        writeDocs(
            dir, terms, TopicDocuments.vectors(TopicDocuments.terms(spark, raw, analyzer), terms));
    System.out.printf(
        Locale.ROOT,
        "exported articles=%d docs=%d tokens=%d vocabulary=%d%n",
        docs,
        written[0],
        written[1],
        terms.size());
  }

  private static void exportWarehouse(
      SparkSession spark, Path dir, String warehouseRoot, List<String> overrides) throws Exception {
    Map<String, String> set = new LinkedHashMap<>();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      set.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    Settings settings = Settings.load(null, set);
    TopicsConfig config = TopicsConfig.from(settings);
    Warehouse warehouse = new Warehouse(warehouseRoot);
    Vocabulary vocabulary =
        new ModelStore(warehouse)
            .currentVocabulary(spark)
            .orElseThrow(() -> new IllegalStateException("no vocabulary in " + warehouseRoot));
    List<String> terms = vocabulary.head(config.vocabSize());
    Analyzer analyzer = new Analyzer(AnalyzerConfig.from(settings));
    Dataset<Row> vectors =
        TopicDocuments.vectors(
            TopicDocuments.terms(spark, warehouse.read(spark, Table.ARTICLES), analyzer), terms);
    Dataset<Row> training =
        VbTopics.split(vectors, config.seed(), config.holdoutFraction(), config.sampleFraction())
            .training();
    long[] written = writeDocs(dir, terms, training);
    System.out.printf(
        Locale.ROOT,
        "exported docs=%d tokens=%d vocabulary=%d k=%d passes=%d batches_per_pass=%d%n",
        written[0],
        written[1],
        terms.size(),
        config.k(),
        config.passes(),
        config.batchesPerPass());
  }

  /**
   * Writes {@code vocab.txt} and {@code docs.txt} (one article a line, {@code id:count} pairs) in a
   * fixed order that mixes outlets and dates, so any prefix is a fair sample; returns the lines and
   * tokens written.
   */
  private static long[] writeDocs(Path dir, List<String> terms, Dataset<Row> vectors)
      throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve("vocab.txt"), terms, StandardCharsets.UTF_8);
    Iterator<Row> it =
        vectors
            .orderBy(xxhash64(col(Cols.ARTICLE_ID)), col(Cols.ARTICLE_ID))
            .select(TopicDocuments.FEATURES)
            .toLocalIterator();
    long lines = 0;
    long tokens = 0;
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("docs.txt"))) {
      while (it.hasNext()) {
        SparseVector v = ((org.apache.spark.ml.linalg.Vector) it.next().get(0)).toSparse();
        StringBuilder line = new StringBuilder();
        for (int j = 0; j < v.indices().length; j++) {
          if (j > 0) {
            line.append(' ');
          }
          line.append(v.indices()[j]).append(':').append((long) v.values()[j]);
          tokens += (long) v.values()[j];
        }
        out.write(line.toString());
        out.newLine();
        lines++;
      }
    }
    return new long[] {lines, tokens};
  }

  private static BagOfWords parse(long index, String line) {
    String[] parts = line.isEmpty() ? new String[0] : line.split(" ");
    int[] ids = new int[parts.length];
    double[] counts = new double[parts.length];
    for (int j = 0; j < parts.length; j++) {
      int colon = parts[j].indexOf(':');
      ids[j] = Integer.parseInt(parts[j], 0, colon, 10);
      counts[j] = Double.parseDouble(parts[j].substring(colon + 1));
    }
    return BagOfWords.of("d" + index, ids, counts);
  }

  private static void fit(
      SparkSession spark, String tool, Path dir, int docs, int k, int passes, int batches, Path out)
      throws Exception {
    List<String> vocab = Files.readAllLines(dir.resolve("vocab.txt"), StandardCharsets.UTF_8);
    JavaRDD<BagOfWords> bags =
        spark
            .read()
            .textFile(dir.resolve("docs.txt").toString())
            .javaRDD()
            .zipWithIndex()
            .filter(t -> t._2() < docs)
            .map(t -> parse(t._2(), t._1()))
            .repartition(4)
            .persist(StorageLevel.MEMORY_ONLY());
    long n = bags.count();
    double tokens = bags.map(BagOfWords::tokens).fold(0.0, Double::sum);
    List<int[]> top;
    long start = System.nanoTime();
    if (tool.equals("ours")) {
      TopicModel model =
          VariationalLda.fit(
              bags,
              vocab,
              new VariationalLda.Params(
                  k, passes, batches, 1.0 / k, 1.0 / k, 1.0, 0.5, E_STEP_DELAY, SEED),
              VariationalLda.Seeding.none(k));
      top = TopicModel.topIndices(model.topicTermDistributions(), 10);
    } else {
      StructType schema =
          new StructType()
              .add(Cols.ARTICLE_ID, DataTypes.StringType)
              .add(TopicDocuments.FEATURES, new VectorUDT());
      int v = vocab.size();
      Dataset<Row> df =
          spark
              .createDataFrame(
                  bags.map(
                      b ->
                          RowFactory.create(
                              b.articleId(), new SparseVector(v, b.termIds(), b.counts()))),
                  schema)
              .persist(StorageLevel.MEMORY_ONLY());
      df.count();
      start = System.nanoTime();
      // MLlib's online optimizer samples a fraction per iteration: passes x batches iterations of
      // 1/batches each is the same work as ours.
      LocalLDAModel model =
          (LocalLDAModel)
              new LDA()
                  .setK(k)
                  .setMaxIter(passes * batches)
                  .setSeed(SEED)
                  .setOptimizer("online")
                  .setSubsamplingRate(1.0 / batches)
                  .setFeaturesCol(TopicDocuments.FEATURES)
                  .fit(df);
      top = new ArrayList<>();
      for (Row r : model.describeTopics(10).orderBy("topic").collectAsList()) {
        top.add(r.<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder json = new StringBuilder();
    json.append(
        String.format(
            Locale.ROOT,
            "{\"tool\": \"%s\", \"docs\": %d, \"tokens\": %.0f, \"passes\": %d, \"seconds\": %.3f,"
                + " \"topics\": [",
            tool,
            n,
            tokens,
            passes,
            seconds));
    for (int t = 0; t < top.size(); t++) {
      json.append(t == 0 ? "" : ", ").append(Arrays.toString(top.get(t)));
    }
    json.append("]}");
    Files.writeString(out, json.toString());
    System.out.println(json.substring(0, json.indexOf("\"topics\"")));
  }
}
