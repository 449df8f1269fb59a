package io.newsdrift.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsdrift.config.Settings;
import io.newsdrift.config.TopicsConfig;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {
  /** A model.json as fits have written it: the field names and layout are a file format. */
  private static final String SAVED =
      """
      {
        "model_id" : "lda-51cdb6ea5c35",
        "algorithm" : "online-vb-lda-seeded",
        "k" : 3,
        "seed" : 1234,
        "alpha" : 0.3333333333333333,
        "config" : "TopicsConfig[k=3, maxIter=6, seed=1234]",
        "max_iter" : 6,
        "passes" : 2,
        "learning_offset" : 1.0,
        "learning_decay" : 0.5,
        "theme_prior" : 50.0,
        "holdout_fraction" : 0.1,
        "sample_fraction" : 1.0,
        "date_from" : "2022-01-17",
        "date_to" : null,
        "vocab_version" : "v4e479a6dda48",
        "training_documents" : 8879,
        "training_tokens" : 74641,
        "code_version" : "0.1.0-SNAPSHOT",
        "next_topic_id" : 9,
        "topic_ids" : [ 0, 8, 4 ],
        "previous_topic_ids" : [ 0, -1, 4 ],
        "match_similarity" : [ 0.9880092658492556, null, 0.5733748705301528 ],
        "themes" : [ "ukraine", "", "" ],
        "labels" : [ "ukraine: ukraine / russia", "oil / gas", "trump / gop" ],
        "vocabulary" : [ "ukraine", "russia", "oil", "gas" ]
      }""";

  @Test
  void aSavedModelJsonReadsAndWritesBackUnchanged() {
    ModelMetadata m = ModelMetadata.fromJson(SAVED);
    assertThat(m.dateFrom()).isEqualTo(LocalDate.parse("2022-01-17"));
    assertThat(m.dateTo()).isNull();
    assertThat(m.alignment().ids()).containsExactly(0, 8, 4);
    assertThat(m.alignment().previousIds()).containsExactly(0, -1, 4);
    assertThat(m.alignment().similarity()[1]).isNaN();
    assertThat(m.alignment().nextTopicId()).isEqualTo(9);
    assertThat(m.toJson()).isEqualTo(SAVED);
  }

  @Test
  void theModelLoadsWithItsStableIdsAndThemes() {
    double[][] lambda = {{4, 3, 1, 1}, {1, 1, 5, 4}, {2, 2, 2, 2}};
    TopicModel model = ModelMetadata.fromJson(SAVED).model(lambda);
    assertThat(model.topicIds()).containsExactly(0, 8, 4);
    assertThat(model.themes()).containsExactly("ukraine", "", "");
    assertThat(model.vocabulary()).containsExactly("ukraine", "russia", "oil", "gas");
    assertThat(model.alpha()).isEqualTo(1.0 / 3);
    assertThat(model.seed()).isEqualTo(1234);
  }

  @Test
  void aMissingFieldIsNamed() {
    assertThatThrownBy(() -> ModelMetadata.fromJson(SAVED.replace("\"next_topic_id\"", "\"x\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no field 'next_topic_id'");
    assertThatThrownBy(() -> ModelMetadata.fromJson("{ \"model_id\" : "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON");
  }

  @Test
  void theModelIdFollowsWhatDecidesTheFit() {
    TopicsConfig config = TopicsConfig.from(Settings.fromMaps(Map.of(), Map.of(), "test"));
    LocalDate day = LocalDate.parse("2022-01-17");
    String id = ModelMetadata.modelId("v1", config, null, null, 100);
    assertThat(id).matches("lda-[0-9a-f]{12}");
    assertThat(ModelMetadata.modelId("v1", config, null, null, 100)).isEqualTo(id);
    assertThat(ModelMetadata.modelId("v1", config, null, null, 101)).isNotEqualTo(id);
    assertThat(ModelMetadata.modelId("v2", config, null, null, 100)).isNotEqualTo(id);
    assertThat(ModelMetadata.modelId("v1", config, day, null, 100)).isNotEqualTo(id);
    assertThat(ModelMetadata.modelId("v1", config.withSeed(7), null, null, 100)).isNotEqualTo(id);
  }
}
