package io.newsdrift.ingest;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * MLlib's MinHash family ({@link MinHashLSH}: {@code h(x) = ((1 + x) * a + b) mod p} with seeded
 * coefficients), evaluated on primitive index arrays.
 *
 * <p>MLlib's own {@code transform} walks every set once per hash function through boxed Scala
 * iterators; with {@code bands x rows} = 192 functions that was half of all ingest CPU. The
 * coefficients come from a fitted MLlib model, so the values are MLlib's exactly (a test compares
 * them with {@link MinHashLSHModel#hashFunction}); only the evaluation loop is ours.
 */
public final class MinHashSignatures implements Serializable {
  private static final long serialVersionUID = 1L;

  /** MLlib's {@code MinHashLSH.HASH_PRIME}. */
  static final long PRIME = 2038074743L;

  private final long[] a;
  private final long[] b;

  private MinHashSignatures(long[] a, long[] b) {
    this.a = a;
    this.b = b;
  }

  /**
   * Fits MLlib's MinHash LSH with {@code functions} hash tables and the seed, on a one-row dataset
   * of the given dimension (fitting reads only the dimension), and keeps its coefficients.
   */
  public static MinHashSignatures fromMllib(
      SparkSession spark, int functions, long seed, int dimension) {
    StructType schema = new StructType().add("set", SQLDataTypes.VectorType(), false);
    MinHashLSHModel model =
        new MinHashLSH()
            .setNumHashTables(functions)
            .setSeed(seed)
            .setInputCol("set")
            .fit(
                spark.createDataFrame(
                    List.of(
                        RowFactory.create(
                            Vectors.sparse(dimension, new int[] {0}, new double[] {1.0}))),
                    schema));
    return fromModel(model);
  }

  /** The coefficients of a fitted MLlib model. */
  public static MinHashSignatures fromModel(MinHashLSHModel model) {
    // randCoefficients is private[ml] in Scala, which the JVM sees as public.
    Tuple2<Object, Object>[] coefficients = model.randCoefficients();
    long[] a = new long[coefficients.length];
    long[] b = new long[coefficients.length];
    for (int i = 0; i < coefficients.length; i++) {
      a[i] = ((Number) coefficients[i]._1()).longValue();
      b[i] = ((Number) coefficients[i]._2()).longValue();
    }
    return new MinHashSignatures(a, b);
  }

  public int functions() {
    return a.length;
  }

  /**
   * The minimum of every hash function over the set's elements (non-negative set indices, at least
   * one).
   */
  public long[] signature(int[] set) {
    if (set.length == 0) {
      throw new IllegalArgumentException("MinHash of an empty set is undefined");
    }
    long[] min = new long[a.length];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    for (int x : set) {
      long x1 = 1L + x;
      for (int f = 0; f < a.length; f++) {
        long h = (x1 * a[f] + b[f]) % PRIME;
        if (h < min[f]) {
          min[f] = h;
        }
      }
    }
    return min;
  }

  /**
   * The low byte of every MinHash value (b-bit minwise hashing with b = 8): a compact copy of the
   * signature from which {@link #estimatedJaccard} estimates similarity, 1 byte a function instead
   * of 8 and far less than the set itself.
   */
  public static byte[] sketch(long[] signature) {
    byte[] out = new byte[signature.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) signature[i];
    }
    return out;
  }

  /**
   * The Jaccard similarity of two sets estimated from their {@link #sketch sketches} (same
   * functions): equal MinHash values are equal bytes, and unequal ones still agree in their low
   * byte once in 256, which the estimate takes out. With 192 functions its standard error is about
   * 0.02 at a similarity of 0.1.
   */
  public static double estimatedJaccard(byte[] x, byte[] y) {
    int equal = 0;
    for (int i = 0; i < x.length; i++) {
      equal += x[i] == y[i] ? 1 : 0;
    }
    double chance = 1.0 / 256;
    return ((double) equal / x.length - chance) / (1 - chance);
  }

  /**
   * One 64-bit key per band of {@code rows} consecutive values (a trailing partial band is
   * dropped): two sets share a band key when all values of that band agree (up to 64-bit hash
   * collisions, which only add candidates that verification then drops).
   */
  public static long[] bandKeys(long[] signature, int rows) {
    long[] keys = new long[signature.length / rows];
    for (int band = 0; band < keys.length; band++) {
      long key = 0x9E3779B97F4A7C15L * (band + 1);
      for (int i = band * rows; i < (band + 1) * rows; i++) {
        key = (key ^ signature[i]) * 0xBF58476D1CE4E5B9L;
        key ^= key >>> 31;
      }
      keys[band] = key;
    }
    return keys;
  }
}
