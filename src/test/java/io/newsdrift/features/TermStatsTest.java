package io.newsdrift.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Grain;
import io.newsdrift.testing.TestSpark;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Counts, document counts and TF-IDF per grain, period and outlet, against sums done by hand. */
class TermStatsTest {
  private static final double OIL_IDF = 2.0;
  private static final double GAS_IDF = 0.5;

  private static Row count(String outlet, String date, String term, long terms, long docs) {
    return RowFactory.create(outlet, Date.valueOf(date), term, terms, docs);
  }

  private static Row vocabularyTerm(int id, String term, double idf) {
    return RowFactory.create(id, term, 1L, 1L, idf, 10L, "v1");
  }

  @Test
  void sumsEveryGrainAndAllOutletsAndDividesByTheVocabularyTermsOfTheGroup() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> termCounts =
        spark.createDataFrame(
            List.of(
                count("A", "2024-01-01", "oil", 3, 2),
                count("A", "2024-01-01", "gas", 1, 1),
                count("A", "2024-01-01", "oil", 1, 1), // the same key from another partition
                count("A", "2024-01-01", "the", 50, 3), // not in the vocabulary
                count("A", "2024-01-02", "gas", 4, 2),
                count("B", "2024-01-02", "oil", 2, 1),
                count("B", "2024-02-05", "gas", 5, 5)),
            TermCounts.SCHEMA);
    Dataset<Row> vocabulary =
        spark.createDataFrame(
            List.of(vocabularyTerm(0, "oil", OIL_IDF), vocabularyTerm(1, "gas", GAS_IDF)),
            Vocabulary.SCHEMA);

    List<Row> rows =
        TermStats.compute(termCounts, vocabulary, List.of(Grain.DAY, Grain.WEEK, Grain.MONTH))
            .collectAsList();

    Map<String, Row> byKey = new TreeMap<>();
    for (Row r : rows) {
      String key =
          String.join(
              " ",
              r.<String>getAs(Cols.GRAIN),
              r.<Date>getAs(Cols.PERIOD_START).toString(),
              r.<String>getAs(Cols.OUTLET),
              r.<String>getAs(Cols.TERM));
      assertThat(byKey.put(key, r)).as("one row for %s", key).isNull();
    }
    // day: 4 + 4 + 2 rows; week and month: 5 + 2 each. No row for "the".
    assertThat(rows).hasSize(24);
    assertThat(byKey.keySet()).noneMatch(k -> k.endsWith(" the"));

    // Day 2024-01-01, outlet A: oil 3 + 1 (two rows summed), gas 1, so 5 vocabulary occurrences.
    assertRow(byKey, "day 2024-01-01 A oil", 4, 3, 4.0 / 5 * OIL_IDF);
    assertRow(byKey, "day 2024-01-01 A gas", 1, 1, 1.0 / 5 * GAS_IDF);
    // Day 2024-01-02, all outlets: gas 4 (A) and oil 2 (B).
    assertRow(byKey, "day 2024-01-02 ALL gas", 4, 2, 4.0 / 6 * GAS_IDF);
    assertRow(byKey, "day 2024-01-02 ALL oil", 2, 1, 2.0 / 6 * OIL_IDF);
    assertRow(byKey, "day 2024-01-02 B oil", 2, 1, 1.0 * OIL_IDF);
    // The week of Monday 2024-01-01: A has oil 4 and gas 5; all outlets oil 6 and gas 5.
    assertRow(byKey, "week 2024-01-01 A oil", 4, 3, 4.0 / 9 * OIL_IDF);
    assertRow(byKey, "week 2024-01-01 A gas", 5, 3, 5.0 / 9 * GAS_IDF);
    assertRow(byKey, "week 2024-01-01 ALL oil", 6, 4, 6.0 / 11 * OIL_IDF);
    assertRow(byKey, "week 2024-01-01 ALL gas", 5, 3, 5.0 / 11 * GAS_IDF);
    // January holds the same days as that week; February only B's gas.
    assertRow(byKey, "month 2024-01-01 ALL oil", 6, 4, 6.0 / 11 * OIL_IDF);
    assertRow(byKey, "month 2024-02-01 B gas", 5, 5, 1.0 * GAS_IDF);
    assertRow(byKey, "week 2024-02-05 ALL gas", 5, 5, 1.0 * GAS_IDF);
  }

  private static void assertRow(
      Map<String, Row> byKey, String key, long terms, long docs, double tfidf) {
    assertThat(byKey).containsKey(key);
    Row r = byKey.get(key);
    assertThat(r.<Long>getAs(Cols.TERM_COUNT)).as("term_count of %s", key).isEqualTo(terms);
    assertThat(r.<Long>getAs(Cols.DOC_COUNT)).as("doc_count of %s", key).isEqualTo(docs);
    assertThat(r.<Double>getAs(Cols.TFIDF)).as("tfidf of %s", key).isCloseTo(tfidf, within(1e-12));
  }
}
