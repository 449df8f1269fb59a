package io.newsdrift.ingest;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sets of non-negative ints as sorted arrays, stored in Spark as binary (4 bytes an element, big
 * endian): a set moves through shuffles as one byte array instead of a boxed array or a sparse
 * vector with a double per element.
 */
final class IntSets {
  private IntSets() {}

  /** The distinct values of {@code values}, sorted (sorts {@code values} in place). */
  static int[] sortedDistinct(int[] values) {
    Arrays.sort(values);
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        values[n++] = values[i];
      }
    }
    return Arrays.copyOf(values, n);
  }

  static byte[] encode(int[] sorted) {
    ByteBuffer buffer = ByteBuffer.allocate(sorted.length * Integer.BYTES);
    buffer.asIntBuffer().put(sorted);
    return buffer.array();
  }

  static int[] decode(byte[] bytes) {
    int[] out = new int[bytes.length / Integer.BYTES];
    ByteBuffer.wrap(bytes).asIntBuffer().get(out);
    return out;
  }

  /** |x ∩ y| / |x ∪ y| of two encoded sets; 0 when both are empty. */
  static double jaccard(byte[] x, byte[] y) {
    int[] a = decode(x);
    int[] b = decode(y);
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = a.length + b.length - common;
    return union == 0 ? 0.0 : (double) common / union;
  }
}
