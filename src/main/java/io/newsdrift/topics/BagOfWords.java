package io.newsdrift.topics;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * One article as the topic models see it: its id, a 64-bit key derived from the id (which seeds
 * everything random about the article, so nothing depends on partitioning or order), and its
 * vocabulary term ids with their counts.
 */
public record BagOfWords(String articleId, long key, int[] termIds, double[] counts)
    implements Serializable {

  public static BagOfWords of(String articleId, int[] termIds, double[] counts) {
    return new BagOfWords(articleId, keyOf(articleId), termIds, counts);
  }

  /** Tokens in the article (over the vocabulary). */
  public double tokens() {
    double n = 0;
    for (double c : counts) {
      n += c;
    }
    return n;
  }

  /** FNV-1a over the UTF-8 bytes, then a SplitMix finaliser: stable across JVMs and releases. */
  static long keyOf(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** SplitMix64's finaliser: a well-spread 64-bit mix of its input. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
