package io.newsdrift.topics;

import io.newsdrift.config.TopicsConfig;
import io.newsdrift.features.Vocabulary;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The articles that fits run on (a sweep fits every k on the same): their terms and their count
 * vectors over the vocabulary's first {@code topics.vocab_size} terms, both cached (NPMI reads the
 * terms, {@code doc_topics} the vectors), the training sample, cached, and the held-out articles,
 * both drawn by a seeded hash of the article id ({@link VbTopics#split}). {@link #release} drops
 * the caches.
 */
public final class TopicCorpus {
  private final String vocabVersion;
  private final List<String> terms;
  private final Dataset<Row> docTerms;
  private final Dataset<Row> vectors;
  private final JavaRDD<BagOfWords> training;
  private final JavaRDD<BagOfWords> heldOut;
  private long trainingDocuments = -1;
  private double trainingTokens = Double.NaN;

  private TopicCorpus(
      String vocabVersion,
      List<String> terms,
      Dataset<Row> docTerms,
      Dataset<Row> vectors,
      JavaRDD<BagOfWords> training,
      JavaRDD<BagOfWords> heldOut) {
    this.vocabVersion = vocabVersion;
    this.terms = terms;
    this.docTerms = docTerms;
    this.vectors = vectors;
    this.training = training;
    this.heldOut = heldOut;
  }

  /**
   * Runs nothing yet: the first {@link #trainingDocuments()} analyses the articles.
   *
   * @param docTerms {@link TopicDocuments#terms} rows
   * @param vocabulary a vocabulary with terms (MLlib's vectorizer rejects an empty one)
   */
  public static TopicCorpus of(Dataset<Row> docTerms, Vocabulary vocabulary, TopicsConfig config) {
    List<String> terms = vocabulary.head(config.vocabSize());
    Dataset<Row> cachedTerms = docTerms.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> vectors =
        TopicDocuments.vectors(cachedTerms, terms).persist(StorageLevel.MEMORY_AND_DISK());
    VbTopics.Split split =
        VbTopics.split(vectors, config.seed(), config.holdoutFraction(), config.sampleFraction());
    return new TopicCorpus(
        vocabulary.version(),
        terms,
        cachedTerms,
        vectors,
        VbTopics.bags(split.training()).persist(StorageLevel.MEMORY_AND_DISK()),
        VbTopics.bags(split.heldOut()));
  }

  /** Fits a model on the training sample. */
  public TopicModel fit(TopicsConfig config, VariationalLda.Seeding seeding) {
    return VariationalLda.fit(training, terms, VariationalLda.Params.from(config), seeding);
  }

  /** The number of training articles (counted once: the first call runs the analysis). */
  public long trainingDocuments() {
    if (trainingDocuments < 0) {
      trainingDocuments = training.count();
    }
    return trainingDocuments;
  }

  /** The number of tokens of the training articles over the terms (summed once). */
  public double trainingTokens() {
    if (Double.isNaN(trainingTokens)) {
      trainingTokens = training.map(BagOfWords::tokens).fold(0.0, Double::sum);
    }
    return trainingTokens;
  }

  public String vocabVersion() {
    return vocabVersion;
  }

  /** The terms the models are fitted over. */
  public List<String> terms() {
    return terms;
  }

  /** {@link TopicDocuments#terms} rows of every article. */
  public Dataset<Row> docTerms() {
    return docTerms;
  }

  /** {@link TopicDocuments#vectors} rows of every article with a term. */
  public Dataset<Row> vectors() {
    return vectors;
  }

  public JavaRDD<BagOfWords> heldOut() {
    return heldOut;
  }

  public void release() {
    training.unpersist();
    vectors.unpersist();
    docTerms.unpersist();
  }
}
