package io.newsdrift.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newsdrift.testing.TestSpark;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MinHashSignaturesTest {
  private static final int DIMENSION = 1 << 24;

  @Test
  void signaturesEqualMllibsOwnHashValues() {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add("set", SQLDataTypes.VectorType(), false);
    MinHashLSHModel model =
        new MinHashLSH()
            .setNumHashTables(24)
            .setSeed(1987L)
            .setInputCol("set")
            .fit(
                spark.createDataFrame(
                    List.of(
                        RowFactory.create(
                            Vectors.sparse(DIMENSION, new int[] {3}, new double[] {1}))),
                    schema));
    MinHashSignatures ours = MinHashSignatures.fromMllib(spark, 24, 1987L, DIMENSION);
    assertEquals(24, ours.functions());
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int[] set = new int[1 + random.nextInt(300)];
      for (int i = 0; i < set.length; i++) {
        set[i] = random.nextInt(DIMENSION);
      }
      set = IntSets.sortedDistinct(set);
      double[] ones = new double[set.length];
      java.util.Arrays.fill(ones, 1.0);
      Vector[] mllib = model.hashFunction(Vectors.sparse(DIMENSION, set, ones));
      long[] signature = ours.signature(set);
      for (int f = 0; f < mllib.length; f++) {
        assertEquals((long) mllib[f].apply(0), signature[f], "hash function " + f);
      }
    }
  }

  @Test
  void similarSetsShareBandsAndDifferentOnesRarelyDo() {
    MinHashSignatures minHash =
        MinHashSignatures.fromMllib(TestSpark.session(), 48 * 4, 1987L, DIMENSION);
    int[] base = new int[400];
    for (int i = 0; i < base.length; i++) {
      base[i] = i * 37;
    }
    int[] nearCopy = base.clone();
    for (int i = 0; i < 20; i++) {
      nearCopy[i] = 1_000_000 + i; // 20 of 400 elements replaced: Jaccard 380/420 = 0.90
    }
    int[] unrelated = new int[400];
    for (int i = 0; i < unrelated.length; i++) {
      unrelated[i] = 5_000_000 + i * 41;
    }
    long[] a = MinHashSignatures.bandKeys(minHash.signature(IntSets.sortedDistinct(base)), 4);
    long[] b = MinHashSignatures.bandKeys(minHash.signature(IntSets.sortedDistinct(nearCopy)), 4);
    long[] c = MinHashSignatures.bandKeys(minHash.signature(IntSets.sortedDistinct(unrelated)), 4);
    assertEquals(48, a.length);
    int shared = 0;
    for (int band = 0; band < a.length; band++) {
      shared += a[band] == b[band] ? 1 : 0;
      assertNotEquals(a[band], c[band], "band " + band + " of unrelated sets");
    }
    // P(band agrees) = 0.9^4 = 0.66: about 31 of 48 bands, far more than the one a candidate needs.
    assertTrue(shared >= 20, "near copies share " + shared + " of 48 bands");
  }

  /** Sets with a known Jaccard similarity: the sketch estimate lands within its error. */
  @Test
  void sketchesEstimateJaccardSimilarity() {
    MinHashSignatures minHash =
        MinHashSignatures.fromMllib(TestSpark.session(), 48 * 4, 1987L, DIMENSION);
    for (int common : new int[] {0, 60, 200, 600}) {
      // 600 elements each, `common` of them shared: Jaccard = common / (1200 - common)
      int[] x = new int[600];
      int[] y = new int[600];
      for (int i = 0; i < 600; i++) {
        x[i] = i;
        y[i] = i < common ? i : 1_000_000 + i;
      }
      double exact = common / (1200.0 - common);
      double estimate =
          MinHashSignatures.estimatedJaccard(
              MinHashSignatures.sketch(minHash.signature(IntSets.sortedDistinct(x))),
              MinHashSignatures.sketch(minHash.signature(IntSets.sortedDistinct(y))));
      // standard error sqrt(J (1 - J) / 192) is at most 0.036; allow three of them
      assertEquals(exact, estimate, 0.11, "Jaccard " + exact);
    }
    byte[] same = MinHashSignatures.sketch(minHash.signature(new int[] {1, 2, 3}));
    assertEquals(1.0, MinHashSignatures.estimatedJaccard(same, same), 1e-12);
  }

  @Test
  void encodedSetsRoundTripAndGiveExactJaccard() {
    int[] x = IntSets.sortedDistinct(new int[] {9, 1, 5, 5, 3});
    int[] y = IntSets.sortedDistinct(new int[] {3, 4, 5, 9, 10, 11});
    assertArrayEquals(new int[] {1, 3, 5, 9}, x);
    assertArrayEquals(x, IntSets.decode(IntSets.encode(x)));
    // common {3, 5, 9} = 3, union {1, 3, 4, 5, 9, 10, 11} = 7
    assertEquals(3.0 / 7.0, IntSets.jaccard(IntSets.encode(x), IntSets.encode(y)), 1e-12);
    assertEquals(0.0, IntSets.jaccard(new byte[0], new byte[0]));
  }
}
