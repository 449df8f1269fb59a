package io.newsdrift.features;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Map-side combining of counts within one partition: adds up the counts of each key over the
 * partition's records and emits them as rows, flushing whenever {@code maxKeys} keys are held, so
 * memory stays bounded whatever the partition size. The same key may then appear in several
 * flushes; the aggregation that follows adds them up. This is what keeps one row per (article,
 * term) from ever being materialised.
 */
final class Combining<I, K, O> implements Iterator<O> {
  private final Iterator<I> input;
  private final BiConsumer<I, Map<K, long[]>> count;
  private final BiFunction<K, long[], O> emit;
  private final int maxKeys;
  private final Map<K, long[]> counts = new HashMap<>();
  private final ArrayDeque<O> ready = new ArrayDeque<>();

  /**
   * @param count adds one record's counts to the map
   * @param emit turns a key and its counts into an output row
   */
  Combining(
      Iterator<I> input,
      BiConsumer<I, Map<K, long[]>> count,
      BiFunction<K, long[], O> emit,
      int maxKeys) {
    this.input = input;
    this.count = count;
    this.emit = emit;
    this.maxKeys = maxKeys;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      if (input.hasNext()) {
        count.accept(input.next(), counts);
        if (counts.size() >= maxKeys) {
          flush();
        }
      } else if (!counts.isEmpty()) {
        flush();
      } else {
        return false;
      }
    }
    return true;
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void flush() {
    counts.forEach((k, v) -> ready.add(emit.apply(k, v)));
    counts.clear();
  }
}
