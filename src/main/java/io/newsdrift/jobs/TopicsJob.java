package io.newsdrift.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.newsdrift.config.TopicsConfig;
import io.newsdrift.features.Vocabulary;
import io.newsdrift.io.ModelStore;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Table;
import io.newsdrift.text.Analyzer;
import io.newsdrift.topics.ModelMetadata;
import io.newsdrift.topics.ThemePriors;
import io.newsdrift.topics.TopicAlignment;
import io.newsdrift.topics.TopicCorpus;
import io.newsdrift.topics.TopicDocuments;
import io.newsdrift.topics.TopicLabels;
import io.newsdrift.topics.TopicModel;
import io.newsdrift.topics.TopicQuality;
import io.newsdrift.topics.TopicSweep;
import io.newsdrift.topics.VariationalLda;
import io.newsdrift.topics.VbTopics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic model stage.
 *
 * <ul>
 *   <li>{@code topics fit}: fits a seeded online variational Bayes LDA ({@link VariationalLda}) on
 *       the {@code articles} of the job's dates (all when none are given; {@code
 *       topics.sample_fraction} samples them by a seeded hash of the article id) over the frozen
 *       vocabulary, matches its topics with the current model's so that topic ids stay stable,
 *       saves it as a new version under {@code models/topics/<model_id>} with its config,
 *       vocabulary version, seed and corpus statistics, writes {@code topic_terms} and {@code
 *       topic_quality}, makes it current, then applies it to the same dates.
 *   <li>{@code topics apply}: writes {@code doc_topics} for the job's dates (all when none are
 *       given) with the current model, without refitting; a re-run replaces those dates.
 *   <li>{@code topics sweep}: fits one model per k (saved, not made current), writes their {@code
 *       topic_terms} and {@code topic_quality}, and recommends one ({@link TopicSweep}).
 * </ul>
 *
 * <p>The same articles, config and seed give the same model id, {@code topic_terms} and {@code
 * doc_topics}.
 */
public final class TopicsJob {
  private static final Logger LOG = LoggerFactory.getLogger(TopicsJob.class);

  private final RunContext ctx;
  private final ModelStore models;
  private final LocalDate from;
  private final LocalDate to;

  /** Over every date in the warehouse. */
  public TopicsJob(RunContext ctx) {
    this(ctx, null, null);
  }

  /**
   * Over the articles dated {@code from} to {@code to} (inclusive; either may be null for no
   * bound).
   */
  public TopicsJob(RunContext ctx, LocalDate from, LocalDate to) {
    this.ctx = ctx;
    this.models = new ModelStore(ctx.warehouse());
    this.from = from;
    this.to = to;
  }

  /** What a fit produced, for the sweep and the summary line. */
  public record Fitted(String modelId, TopicSweep.Candidate quality) {}

  /**
   * Fits, records and applies a new model; returns its id. Too few articles or terms for {@code
   * topics.k} topics (a first night of a few articles) skip the fit with one WARN line: the current
   * model, if any, stays current and is applied; without one, {@code topic_terms}, {@code
   * topic_quality} and {@code doc_topics} are left empty. Empty when no model is current.
   */
  public Optional<String> fit(SparkSession spark, RunLog log) {
    TopicsConfig config = config();
    Optional<Vocabulary> vocabulary = models.currentVocabulary(spark);
    if (vocabulary.isEmpty() || vocabulary.get().size() == 0) {
      return skipFit(
          spark,
          log,
          vocabulary.isEmpty()
              ? "no vocabulary is frozen yet (features freezes one once the articles give it "
                  + Vocabulary.MIN_TERMS
                  + " terms)"
              : "the frozen vocabulary has no terms");
    }
    TopicCorpus corpus = corpus(spark, log, config, vocabulary.get());
    try {
      Optional<String> tooSmall =
          VariationalLda.cannotFit(config.k(), corpus.terms().size(), corpus.trainingDocuments());
      if (tooSmall.isPresent()) {
        return skipFit(spark, log, tooSmall.get());
      }
      Fitted fitted = fitVersion(spark, log, config, corpus, true);
      String id = fitted.modelId();
      LOG.info("topic model {} quality: {}", id, fitted.quality());
      log.modelId(id);
      // the saved model, as every later apply will read it
      writeDocTopics(
          spark, log, id, models.loadTopicModel(spark, id), corpus.vectors(), TouchedDates.all());
      return Optional.of(id);
    } finally {
      corpus.release();
    }
  }

  private Optional<String> skipFit(SparkSession spark, RunLog log, String why) {
    Optional<String> current = models.currentTopicModel(spark);
    if (current.isPresent()) {
      LOG.warn(
          "topics fit skipped: {}; the current model {} stays current and is applied",
          why,
          current.get());
      return apply(spark, log);
    }
    LOG.warn("topics fit skipped: {}; topic_terms, topic_quality and doc_topics left empty", why);
    // The topic tables of no model: their columns, no rows (partitions already written stay).
    String stage = "topics: no model";
    log.writeStage(spark, stage, Table.TOPIC_TERMS, () -> VbTopics.noTopicTerms(spark));
    log.writeStage(spark, stage, Table.TOPIC_QUALITY, () -> TopicQuality.noRows(spark));
    log.writeStage(spark, stage, Table.DOC_TOPICS, () -> VbTopics.noDocTopics(spark));
    return Optional.empty();
  }

  /**
   * Writes {@code doc_topics} with the current model; returns its id. Without a current model (none
   * could be fitted yet) {@code doc_topics} is left empty, with one WARN line.
   */
  public Optional<String> apply(SparkSession spark, RunLog log) {
    return apply(spark, log, TouchedDates.all());
  }

  /**
   * Applies the current model to the articles of the touched dates only and replaces their {@code
   * doc_topics} rows (a nightly without a refit: inference is per article, so the rows equal those
   * of applying it to every article).
   */
  public Optional<String> apply(SparkSession spark, RunLog log, TouchedDates touched) {
    Optional<String> current = models.currentTopicModel(spark);
    if (touched.isEmpty()) {
      LOG.info("topics apply: no date changed, doc_topics left as it is");
      return current;
    }
    if (current.isEmpty()) {
      LOG.warn(
          "topics apply skipped: no topic model in the warehouse yet (topics fit has not had"
              + " enough articles for one); doc_topics left empty");
      log.writeStage(
          spark, "topics: no model", Table.DOC_TOPICS, () -> VbTopics.noDocTopics(spark));
      return Optional.empty();
    }
    String modelId = current.get();
    log.modelId(modelId);
    TopicModel model = models.loadTopicModel(spark, modelId);
    if (!touched.isAll()) {
      LOG.info("topics apply {} to the articles of {}", modelId, touched);
    }
    Dataset<Row> vectors =
        TopicDocuments.vectors(documentTerms(spark, touched), model.vocabulary());
    writeDocTopics(spark, log, modelId, model, vectors, touched);
    return current;
  }

  /**
   * Fits one model per k with the same articles and settings, writes their {@code topic_terms} and
   * {@code topic_quality}, and returns the recommendation (the current model is unchanged). A k the
   * articles are too few for is skipped with a WARN line.
   */
  public TopicSweep.Recommendation sweep(SparkSession spark, RunLog log, List<Integer> ks) {
    TopicsConfig base = config();
    List<TopicsConfig> configs = ks.stream().map(base::withK).toList();
    Vocabulary vocabulary =
        models
            .currentVocabulary(spark)
            .filter(v -> v.size() > 0)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no vocabulary with terms in the warehouse: run 'features' on more"
                            + " articles first"));
    // The training sample depends on the seed and fractions only, the same for every k.
    TopicCorpus corpus = corpus(spark, log, base, vocabulary);
    try {
      List<TopicSweep.Candidate> candidates = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (TopicsConfig c : configs) {
        Optional<String> tooSmall =
            VariationalLda.cannotFit(c.k(), corpus.terms().size(), corpus.trainingDocuments());
        if (tooSmall.isPresent()) {
          LOG.warn("topics sweep: k={} skipped: {}", c.k(), tooSmall.get());
          skipped.add(tooSmall.get());
          continue;
        }
        Fitted f = fitVersion(spark, log, c, corpus, false);
        LOG.info("sweep: {} is {}", f.modelId(), f.quality());
        candidates.add(f.quality());
      }
      if (candidates.isEmpty()) {
        throw new IllegalStateException("topics sweep could fit no k: " + skipped.get(0));
      }
      TopicSweep.Recommendation r = TopicSweep.recommend(candidates);
      LOG.info("sweep recommends k={} ({}): {}", r.choice().k(), r.choice().modelId(), r.reason());
      return r;
    } finally {
      corpus.release();
    }
  }

  private TopicsConfig config() {
    return ctx.config().topics();
  }

  /** The articles of the job's dates, analysed and sampled; the caller releases it. */
  private TopicCorpus corpus(
      SparkSession spark, RunLog log, TopicsConfig config, Vocabulary vocabulary) {
    TopicCorpus corpus =
        TopicCorpus.of(documentTerms(spark, TouchedDates.all()), vocabulary, config);
    try {
      // The first action on the corpus analyses every article of the dates (the vectors stay
      // cached for doc_topics): named, so the log shows that work and its CPU counts as topics'.
      log.stage(
          spark,
          "topics_documents",
          "topics: analyse the articles and draw the training sample",
          corpus::trainingDocuments);
      return corpus;
    } catch (RuntimeException e) {
      corpus.release();
      throw e;
    }
  }

  /**
   * Fits, aligns, measures and saves one model and writes its {@code topic_terms} and {@code
   * topic_quality}; {@code makeCurrent} then names it the current model.
   */
  private Fitted fitVersion(
      SparkSession spark,
      RunLog log,
      TopicsConfig config,
      TopicCorpus corpus,
      boolean makeCurrent) {
    long trainingDocs = corpus.trainingDocuments();
    log.seed("topics", config.seed());
    VariationalLda.Seeding seeding = seeding(config, corpus.terms());
    TopicModel model =
        log.stage(
            spark,
            "topics_fit",
            "topics: fit k=" + config.k() + " on " + trainingDocs + " articles",
            () -> corpus.fit(config, seeding));
    String modelId = ModelMetadata.modelId(corpus.vocabVersion(), config, from, to, trainingDocs);
    LOG.info(
        "fitted topic model {} (k={}) on {} articles, {} tokens",
        modelId,
        config.k(),
        trainingDocs,
        (long) corpus.trainingTokens());

    TopicAlignment.Result alignment = align(spark, modelId, model, config);
    TopicModel fitted = model.withTopicIds(alignment.ids());
    TopicModel otherSeed = null;
    if (config.stabilityCheck()) {
      TopicsConfig other = config.withSeed(config.seed() + 1);
      log.seed("topics_stability", other.seed());
      otherSeed =
          log.stage(
              spark,
              "topics_stability",
              "topics: fit a second seed for stability",
              () -> corpus.fit(other, seeding));
    }
    double[] npmi =
        log.stage(
            spark,
            "topics_quality",
            "topics: NPMI of " + modelId,
            () -> TopicQuality.npmi(spark, corpus.docTerms(), fitted));
    TopicQuality.Scores scores =
        TopicQuality.scores(fitted, otherSeed, npmi, corpus.heldOut(), alignment.similarity());
    List<String> labels = TopicLabels.labels(fitted);

    models.saveTopicModel(
        spark,
        fitted,
        ModelMetadata.of(
            modelId,
            config,
            fitted,
            labels,
            alignment,
            corpus.vocabVersion(),
            from,
            to,
            trainingDocs,
            (long) corpus.trainingTokens(),
            RunLog.codeVersion()));
    ctx.warehouse()
        .write(
            spark,
            Table.TOPIC_TERMS,
            VbTopics.topicTerms(spark, fitted, labels, modelId, config.topTerms()));
    ctx.warehouse()
        .write(spark, Table.TOPIC_QUALITY, scores.rows(spark, modelId, fitted.topicIds()));
    if (makeCurrent) {
      // Last: a run that finds a current model only applies it, so a run killed before its
      // topic_terms and topic_quality were committed must leave the model not current (the next
      // run fits it again, with the same id and topic ids, and writes them).
      models.makeCurrentTopicModel(spark, modelId);
    }
    List<List<String>> npmiTerms = fitted.topTerms(TopicQuality.NPMI_TOP_TERMS);
    for (int t = 0; t < fitted.k(); t++) {
      LOG.info(
          "topic {} [{}] npmi {}: {}",
          fitted.topicIds()[t],
          labels.get(t),
          String.format("%.3f", npmi[t]),
          String.join(" ", npmiTerms.get(t)));
    }
    return new Fitted(modelId, scores.candidate(config.k(), modelId));
  }

  private VariationalLda.Seeding seeding(TopicsConfig config, List<String> terms) {
    Analyzer analyzer = new Analyzer(ctx.config().analyzer());
    Map<String, List<String>> lexicons = ctx.config().coverage().themes();
    return ThemePriors.seeding(
        config.k(), config.seededThemes(), lexicons, analyzer, terms, config.themePrior());
  }

  /**
   * Stable ids: a refit of a saved model id reuses its recorded ids; otherwise the topics are
   * matched with the current model's.
   */
  private TopicAlignment.Result align(
      SparkSession spark, String modelId, TopicModel model, TopicsConfig config) {
    if (models.topicModelExists(spark, modelId)) {
      return models.topicModelMetadata(spark, modelId).alignment();
    }
    Optional<String> current = models.currentTopicModel(spark);
    if (current.isEmpty()) {
      return TopicAlignment.first(model.k());
    }
    ModelMetadata previous = models.topicModelMetadata(spark, current.get());
    TopicAlignment.Result r =
        TopicAlignment.align(
            model,
            models.loadTopicModel(spark, current.get()),
            previous.alignment().nextTopicId(),
            config.matchThreshold());
    LOG.info(
        "matched {} of {} topics with the previous model {}; {} new ids",
        r.matched(),
        model.k(),
        current.get(),
        model.k() - r.matched());
    return r;
  }

  /** {@code doc_topics} of the vectors' articles: all of it, or the touched dates' partitions. */
  private void writeDocTopics(
      SparkSession spark,
      RunLog log,
      String modelId,
      TopicModel model,
      Dataset<Row> vectors,
      TouchedDates touched) {
    if (touched.isAll()) {
      log.writeStage(
          spark,
          "topics: apply " + modelId,
          Table.DOC_TOPICS,
          () -> VbTopics.docTopics(spark, model, vectors, modelId));
      return;
    }
    log.replaceStage(
        spark,
        "topics: apply " + modelId + " to " + touched,
        Table.DOC_TOPICS,
        () -> VbTopics.docTopics(spark, model, vectors, modelId),
        touched.contains(col(Cols.DATE)),
        touched.contains(col(Cols.DATE)));
  }

  private Dataset<Row> documentTerms(SparkSession spark, TouchedDates touched) {
    Analyzer analyzer = new Analyzer(ctx.config().analyzer());
    Dataset<Row> articles =
        ctx.warehouse().read(spark, Table.ARTICLES).filter(touched.contains(col(Cols.DATE)));
    if (from != null) {
      articles = articles.filter(col(Cols.DATE).geq(lit(java.sql.Date.valueOf(from))));
    }
    if (to != null) {
      articles = articles.filter(col(Cols.DATE).leq(lit(java.sql.Date.valueOf(to))));
    }
    return TopicDocuments.terms(spark, articles, analyzer);
  }
}
