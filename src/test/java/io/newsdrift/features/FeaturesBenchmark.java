package io.newsdrift.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsdrift.config.Keys;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.spark.SparkWork;
import io.newsdrift.testing.BenchmarkSpark;
import io.newsdrift.text.Analyzer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Cost of the features path on generated JSON lines: reading, the analyzer, phrase detection, the
 * vocabulary with IDF and {@code term_stats} (grains day, week, month; every outlet and {@code
 * ALL}) written as Parquet, with the default settings (20,000 terms, min_doc_freq 3). Not a test:
 * {@code bench/features.sh} runs it. Language detection is ingest's work and not timed (every
 * generated article is English). Usage: {@code FeaturesBenchmark CORPUS_DIR OUT_DIR CORES}. Prints
 * one {@code result ...} line.
 */
public final class FeaturesBenchmark {
  private static final StructType INPUT =
      new StructType()
          .add("outlet", DataTypes.StringType)
          .add("date", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("text", DataTypes.StringType);

  private FeaturesBenchmark() {}

  public static void main(String[] args) {
    String corpus = args[0];
    String out = args[1];
    int cores = Integer.parseInt(args[2]);
    SparkSession spark = BenchmarkSpark.session("features-benchmark", cores);
    Dataset<Row> articles =
        spark
            .read()
            .schema(INPUT)
            .json(corpus + "/*.jsonl")
            .select(
                col("outlet").as(Cols.OUTLET),
                to_date(col("date")).as(Cols.DATE),
                col("title").as(Cols.TITLE),
                col("text").as(Cols.TEXT),
                lit("en").as(Cols.LANGUAGE));
    Analyzer analyzer = Analyzer.defaults();

    SparkWork cpu = SparkWork.of(spark.sparkContext());
    long t0 = System.nanoTime();
    long cpu0 = cpu.totals().taskCpuNanos();
    long docs = articles.count();
    List<String> phrases =
        Phrases.fit(
            spark,
            Phrases.sample(articles, docs, Keys.FEATURES_PHRASE_SAMPLE_ARTICLES.defaultValue()),
            analyzer,
            20,
            0.5,
            5000);
    long t1 = System.nanoTime();
    long cpu1 = cpu.totals().taskCpuNanos();
    Analyzer withPhrases = analyzer.withPhrases(new HashSet<>(phrases));
    Dataset<Row> counts =
        TermCounts.perOutletAndDay(spark, articles, withPhrases)
            .persist(StorageLevel.MEMORY_AND_DISK());
    Vocabulary vocabulary = Vocabulary.fit(counts, docs, 20_000, 3, withPhrases);
    long t2 = System.nanoTime();
    long cpu2 = cpu.totals().taskCpuNanos();
    TermStats.compute(
            counts, vocabulary.toDataset(spark), Grain.parseAll(List.of("day", "week", "month")))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out + "/term_stats");
    long t3 = System.nanoTime();
    long cpu3 = cpu.totals().taskCpuNanos();
    counts.unpersist();
    double analyzerMbps = analyzerAlone(corpus, withPhrases);
    System.out.printf(
        Locale.ROOT,
        "result analyzer_alone_MBps_one_thread=%.1f (title + text of 32 MB of lines, JSON parsing"
            + " not timed)%n",
        analyzerMbps);
    System.out.printf(
        Locale.ROOT,
        "result articles=%d phrases=%d vocabulary=%d phrases_s=%.1f counts_vocabulary_s=%.1f"
            + " term_stats_s=%.1f total_s=%.1f task_cpu_s=%.1f (phrases %.1f, counts_vocabulary %.1f,"
            + " term_stats %.1f) examples=%s%n",
        docs,
        phrases.size(),
        vocabulary.size(),
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (t3 - t2) / 1e9,
        (t3 - t0) / 1e9,
        (cpu3 - cpu0) / 1e9,
        (cpu1 - cpu0) / 1e9,
        (cpu2 - cpu1) / 1e9,
        (cpu3 - cpu2) / 1e9,
        phrases.subList(0, Math.min(5, phrases.size())));
    spark.stop();
  }

  /** The analyzer alone on one thread: MB of JSON lines per second, best of three passes. */
  private static double analyzerAlone(String corpus, Analyzer analyzer) {
    try {
      List<String> texts = new ArrayList<>();
      long bytes = 0;
      ObjectMapper json = new ObjectMapper();
      Path first;
      try (Stream<Path> files = Files.list(Path.of(corpus))) {
        first =
            files.filter(p -> p.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
      }
      try (BufferedReader in = Files.newBufferedReader(first)) {
        String line;
        while ((line = in.readLine()) != null && bytes < 32L << 20) {
          bytes += line.length() + 1;
          JsonNode n = json.readTree(line);
          texts.add(TermCounts.articleText(n.path("title").asText(), n.path("text").asText()));
        }
      }
      double best = Double.MAX_VALUE;
      long[] terms = {0};
      for (int pass = 0; pass < 3; pass++) {
        long t0 = System.nanoTime();
        for (String t : texts) {
          analyzer.analyze(t, "en", (term, adjacent) -> terms[0]++);
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      return bytes / 1048576.0 / best;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
