package io.newsdrift.jobs;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.SourceSpec;
import io.newsdrift.demo.DemoCorpus;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code demo}: generates a news corpus with planted events (see {@link DemoCorpusGenerator}) into
 * a local folder and runs every stage on it into the warehouse. Needs no S3 and no cluster.
 */
public final class DemoJob {
  private static final Logger LOG = LoggerFactory.getLogger(DemoJob.class);

  private final RunContext ctx;
  private final DemoCorpusSpec spec;
  private final Path corpusDir;

  public DemoJob(RunContext ctx, DemoCorpusSpec spec, Path corpusDir) {
    this.ctx = ctx;
    this.spec = spec;
    this.corpusDir = corpusDir;
  }

  /** The corpus that was generated and what the pipeline did with it. */
  public record Outcome(DemoCorpus corpus, Pipeline.Outcome pipeline) {}

  public Outcome run(SparkSession spark, RunLog log) {
    DemoCorpus corpus =
        log.stage(
            "generate",
            () -> {
              try {
                return DemoCorpusGenerator.generate(spec, corpusDir);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write the demo corpus to " + corpusDir, e);
              }
            });
    LOG.info("generated {} demo articles in {}", corpus.articles(), corpus.dir());
    log.seed("demo_corpus", spec.seed());
    log.dateRange(spec.start(), spec.start().plusDays(spec.days() - 1L));
    SourceSpec source =
        new SourceSpec(
            "file://" + corpusDir.toAbsolutePath() + "/*.jsonl",
            InputFormat.JSONL,
            Mapping.defaults());
    Pipeline.Outcome outcome = new Pipeline(ctx, List.of(source), true).run(spark, log);
    return new Outcome(corpus, outcome);
  }
}
