package io.newsdrift.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newsdrift.config.TopicsConfig;
import io.newsdrift.schema.Hashes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a saved topic model version records beside its λ ({@code model.json}): the settings and seed
 * it was fitted with, the dates, vocabulary and size of its training sample, the code version, how
 * its topics were matched with the previous model's ({@link TopicAlignment.Result}: their stable
 * ids), and each topic's theme and label. With λ it is everything needed to load the model again.
 *
 * <p>The JSON field names are a file format: models saved by earlier runs must still load.
 */
public record ModelMetadata(
    String modelId,
    String algorithm,
    int k,
    long seed,
    double alpha,
    String config,
    int maxIter,
    int passes,
    double learningOffset,
    double learningDecay,
    double themePrior,
    double holdoutFraction,
    double sampleFraction,
    LocalDate dateFrom,
    LocalDate dateTo,
    String vocabVersion,
    long trainingDocuments,
    long trainingTokens,
    String codeVersion,
    TopicAlignment.Result alignment,
    List<String> themes,
    List<String> labels,
    List<String> vocabulary) {
  /** The one algorithm, named in the model id and the metadata. */
  public static final String ALGORITHM = "online-vb-lda-seeded";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ModelMetadata {
    themes = List.copyOf(themes);
    labels = List.copyOf(labels);
    vocabulary = List.copyOf(vocabulary);
  }

  /**
   * The id of a fit: a hash of everything that decides the model (the same articles, config and
   * seed give the same id, so a refit replaces its own version rather than adding one).
   *
   * @param from first date of the training articles, null for no bound (and likewise {@code to})
   */
  public static String modelId(
      String vocabVersion,
      TopicsConfig config,
      LocalDate from,
      LocalDate to,
      long trainingDocuments) {
    return "lda-"
        + Hashes.sha256(
                String.join(
                    "|",
                    ALGORITHM,
                    vocabVersion,
                    config.toString(),
                    String.valueOf(from),
                    String.valueOf(to),
                    String.valueOf(trainingDocuments)))
            .substring(0, 12);
  }

  /** The metadata of a model just fitted with {@code config} and aligned by {@code alignment}. */
  public static ModelMetadata of(
      String modelId,
      TopicsConfig config,
      TopicModel model,
      List<String> labels,
      TopicAlignment.Result alignment,
      String vocabVersion,
      LocalDate from,
      LocalDate to,
      long trainingDocuments,
      long trainingTokens,
      String codeVersion) {
    return new ModelMetadata(
        modelId,
        ALGORITHM,
        config.k(),
        config.seed(),
        model.alpha(),
        config.toString(),
        config.maxIter(),
        config.passes(),
        config.learningOffset(),
        config.learningDecay(),
        config.themePrior(),
        config.holdoutFraction(),
        config.sampleFraction(),
        from,
        to,
        vocabVersion,
        trainingDocuments,
        trainingTokens,
        codeVersion,
        alignment,
        model.themes(),
        labels,
        model.vocabulary());
  }

  /** The saved model, given its λ (topics x terms, in the order of {@link #alignment()}'s ids). */
  public TopicModel model(double[][] lambda) {
    return new TopicModel(vocabulary, lambda, alpha, seed, alignment.ids(), themes);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model_id", modelId);
    root.put("algorithm", algorithm);
    root.put("k", k);
    root.put("seed", seed);
    root.put("alpha", alpha);
    root.put("config", config);
    root.put("max_iter", maxIter);
    root.put("passes", passes);
    root.put("learning_offset", learningOffset);
    root.put("learning_decay", learningDecay);
    root.put("theme_prior", themePrior);
    root.put("holdout_fraction", holdoutFraction);
    root.put("sample_fraction", sampleFraction);
    root.put("date_from", dateFrom == null ? null : dateFrom.toString());
    root.put("date_to", dateTo == null ? null : dateTo.toString());
    root.put("vocab_version", vocabVersion);
    root.put("training_documents", trainingDocuments);
    root.put("training_tokens", trainingTokens);
    root.put("code_version", codeVersion);
    root.put("next_topic_id", alignment.nextTopicId());
    ArrayNode ids = root.putArray("topic_ids");
    ArrayNode previous = root.putArray("previous_topic_ids");
    ArrayNode similarity = root.putArray("match_similarity");
    for (int t = 0; t < alignment.ids().length; t++) {
      ids.add(alignment.ids()[t]);
      previous.add(alignment.previousIds()[t]);
      // JSON has no NaN: a topic that got a new id has no similarity
      if (Double.isNaN(alignment.similarity()[t])) {
        similarity.addNull();
      } else {
        similarity.add(alignment.similarity()[t]);
      }
    }
    themes.forEach(root.putArray("themes")::add);
    labels.forEach(root.putArray("labels")::add);
    vocabulary.forEach(root.putArray("vocabulary")::add);
    return root.toPrettyString();
  }

  /**
   * Reads {@link #toJson()}'s output.
   *
   * @throws IllegalArgumentException when it is not JSON or a field is missing
   */
  public static ModelMetadata fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    return new ModelMetadata(
        field(root, "model_id").asText(),
        field(root, "algorithm").asText(),
        field(root, "k").asInt(),
        field(root, "seed").asLong(),
        field(root, "alpha").asDouble(),
        field(root, "config").asText(),
        field(root, "max_iter").asInt(),
        field(root, "passes").asInt(),
        field(root, "learning_offset").asDouble(),
        field(root, "learning_decay").asDouble(),
        field(root, "theme_prior").asDouble(),
        field(root, "holdout_fraction").asDouble(),
        field(root, "sample_fraction").asDouble(),
        date(field(root, "date_from")),
        date(field(root, "date_to")),
        field(root, "vocab_version").asText(),
        field(root, "training_documents").asLong(),
        field(root, "training_tokens").asLong(),
        field(root, "code_version").asText(),
        new TopicAlignment.Result(
            ints(field(root, "topic_ids")),
            doubles(field(root, "match_similarity")),
            ints(field(root, "previous_topic_ids")),
            field(root, "next_topic_id").asInt()),
        strings(field(root, "themes")),
        strings(field(root, "labels")),
        strings(field(root, "vocabulary")));
  }

  private static JsonNode field(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no field '" + name + "'");
    }
    return node;
  }

  private static LocalDate date(JsonNode node) {
    return node.isNull() ? null : LocalDate.parse(node.asText());
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
