package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;

import io.newsdrift.config.Settings;
import io.newsdrift.demo.DemoCorpus;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import io.newsdrift.jobs.CoverageJob;
import io.newsdrift.jobs.RunContext;
import io.newsdrift.jobs.RunLog;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.spark.SparkWork;
import io.newsdrift.testing.BenchmarkSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Cost of the coverage aggregations ({@link CoverageJob}: theme matching, {@code theme_attention},
 * {@code topic_prevalence}, {@code outlet_divergence}, {@code shifts}) at a size of generated
 * articles and at twice that, in one JVM and one local Spark session. Not a test: {@code
 * bench/coverage.sh} runs it.
 *
 * <p>For each size it generates a demo corpus (364 days from 2024-01-01, seed 42) of about the
 * requested JSON-lines bytes, turns it into an {@code articles} table without ingest (each article
 * its own duplicate cluster: ingest is not what is measured) and a {@code doc_topics} table of
 * {@value #TOPICS} pseudo-random topic mixtures keyed by article id (fitting a model is not what is
 * measured either), then times {@code CoverageJob.run} with its default grains (day, week, month)
 * and themes. Usage: {@code CoverageBenchmark WORK_DIR BASE_MB}.
 */
public final class CoverageBenchmark {
  /** JSON-lines bytes per generated article, measured on the default demo (8.7 MB / 6000). */
  private static final double BYTES_PER_ARTICLE = 1450;

  /** Topics per generated mixture, the topic benchmark's k. */
  private static final int TOPICS = 20;

  private CoverageBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    int baseMb = Integer.parseInt(args[1]);
    SparkSession spark = BenchmarkSpark.session("coverage-benchmark", 2);
    List<String> lines = new ArrayList<>();
    double[] seconds = new double[3];
    double[] cpuSeconds = new double[3];
    SparkWork cpu = SparkWork.of(spark.sparkContext());
    // Pass 0 is a small warm-up (JIT, Spark's code generation caches), not reported.
    for (int i = 0; i < 3; i++) {
      int mb = i == 0 ? Math.min(16, baseMb) : baseMb * i;
      Path dir = work.resolve(i == 0 ? "warmup" : mb + "mb");
      int articles = (int) Math.round(mb * 1024.0 * 1024.0 / BYTES_PER_ARTICLE);
      long t0 = System.nanoTime();
      DemoCorpus corpus =
          DemoCorpusGenerator.generate(
              new DemoCorpusSpec(articles, LocalDate.of(2024, 1, 1), 364, 42L),
              dir.resolve("corpus"));
      long bytes = jsonBytes(corpus.dir());
      double genS = (System.nanoTime() - t0) / 1e9;
      RunContext ctx =
          RunContext.start(
              dir.resolve("warehouse").toString(), Settings.defaults(), null, "benchmark");
      long t1 = System.nanoTime();
      ctx.warehouse().write(spark, Table.ARTICLES, articles(spark, corpus.dir(), ctx.runId()));
      ctx.warehouse()
          .write(spark, Table.DOC_TOPICS, docTopics(ctx.warehouse().read(spark, Table.ARTICLES)));
      double loadS = (System.nanoTime() - t1) / 1e9;
      RunLog log = new RunLog(ctx);
      long t2 = System.nanoTime();
      long cpu2 = cpu.totals().taskCpuNanos();
      new CoverageJob(ctx).run(spark, log);
      seconds[i] = (System.nanoTime() - t2) / 1e9;
      cpuSeconds[i] = (cpu.totals().taskCpuNanos() - cpu2) / 1e9;
      log.finish(spark, true, null);
      Map<String, Double> stages =
          ctx.warehouse()
              .readIfExists(spark, RunLog.TABLE)
              .orElseThrow()
              .select("stage_seconds")
              .first()
              .getJavaMap(0);
      if (i == 0) {
        continue;
      }
      String line =
          String.format(
              "size %d MB requested: %d articles, %.1f MB of JSON lines (generated in %.0f s,"
                  + " loaded into articles and doc_topics in %.0f s); coverage job %.1f s wall, %.1f s task"
                  + " CPU, stages %s",
              mb,
              corpus.articles(),
              bytes / 1024.0 / 1024.0,
              genS,
              loadS,
              seconds[i],
              cpuSeconds[i],
              stages);
      // Printed at once too, so a run stopped during the larger size still reports the smaller.
      System.out.println(line);
      lines.add(line);
    }
    // Task CPU is the cost that a loaded, shared machine does not distort; wall time is reported
    // too.
    lines.add(
        String.format(
            "ratio 2x / 1x: task CPU %.2f, wall %.2f",
            cpuSeconds[2] / cpuSeconds[1], seconds[2] / seconds[1]));
    System.out.println("summary:");
    lines.forEach(System.out::println);
  }

  private static long jsonBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".jsonl"))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  /** The generated JSON lines as an {@code articles} table, each article its own cluster. */
  private static Dataset<Row> articles(SparkSession spark, Path corpus, String runId) {
    Dataset<Row> raw =
        spark
            .read()
            .schema("id STRING, outlet STRING, url STRING, title STRING, text STRING, date STRING")
            .option("pathGlobFilter", "*.jsonl")
            .json(corpus.toAbsolutePath().toString());
    return raw.select(
        col("id").as(Cols.ARTICLE_ID),
        col("outlet").as(Cols.OUTLET),
        col("url").as(Cols.URL),
        col("title").as(Cols.TITLE),
        col("text").as(Cols.TEXT),
        to_timestamp(col("date")).as(Cols.PUBLISHED_AT),
        to_date(to_timestamp(col("date"))).as(Cols.DATE),
        lit("en").as(Cols.LANGUAGE),
        size(split(col("text"), " ")).as(Cols.WORD_COUNT),
        input_file_name().as(Cols.SOURCE_URI),
        lit(0L).as(Cols.RECORD_POSITION),
        sha2(col("text"), 256).as(Cols.CONTENT_HASH),
        col("id").as(Cols.DUP_CLUSTER_ID),
        lit(true).as(Cols.IS_CANONICAL),
        lit(runId).as(Cols.RUN_ID));
  }

  /**
   * A {@code doc_topics} row per article: a peaked mixture over {@value #TOPICS} topics whose
   * weights come from hashes of the article id, so it is deterministic and varies by article the
   * way a fitted model's output does (one or two dominant topics).
   */
  private static Dataset<Row> docTopics(Dataset<Row> articles) {
    String raw =
        "transform(sequence(0, %d), i -> pow((abs(xxhash64(%s, i)) %% 1000 + 1) / 1000.0, 8))"
            .formatted(TOPICS - 1, Cols.ARTICLE_ID);
    return articles
        .select(col(Cols.ARTICLE_ID), col(Cols.OUTLET), col(Cols.DATE), expr(raw).as("raw"))
        .withColumn(
            Cols.TOPIC_DISTRIBUTION,
            expr("transform(raw, w -> w / aggregate(raw, 0D, (a, b) -> a + b))"))
        .withColumn(Cols.TOP_TOPIC_WEIGHT, array_max(col(Cols.TOPIC_DISTRIBUTION)))
        .withColumn(
            Cols.TOP_TOPIC,
            array_position(col(Cols.TOPIC_DISTRIBUTION), col(Cols.TOP_TOPIC_WEIGHT))
                .minus(1)
                .cast("int"))
        .withColumn(Cols.TOPIC_IDS, expr("sequence(0, %d)".formatted(TOPICS - 1)))
        .withColumn(Cols.MODEL_ID, lit("benchmark"));
  }
}
