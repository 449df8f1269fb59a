package io.newsdrift.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TermCacheTest {
  private static final Function<String, String> UPPER_OR_NONE =
      w -> w.startsWith("stop") ? null : w.toUpperCase(java.util.Locale.ROOT);

  @Test
  void computesOnceAndAnswersFromTheCharactersAfterwards() {
    TermCache cache = new TermCache(4);
    AtomicInteger calls = new AtomicInteger();
    Function<String, String> counting =
        w -> {
          calls.incrementAndGet();
          return UPPER_OR_NONE.apply(w);
        };
    String first = cache.term(new StringBuilder("gas"), counting);
    String again = cache.term(new StringBuilder("gas"), counting);
    assertThat(first).isEqualTo("GAS").isSameAs(again);
    assertThat(cache.term(new StringBuilder("stopword"), counting)).isNull();
    assertThat(cache.term(new StringBuilder("stopword"), counting)).isNull();
    assertThat(calls).hasValue(2);
  }

  @Test
  void staysCorrectWhenItEmptiesItselfAndOnCollidingWords() {
    TermCache cache = new TermCache(3); // 8 slots, emptied at 6 entries
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 50; i++) {
        // "Aa" and "BB" have the same String hash code
        for (String w : new String[] {"w" + i, "Aa" + i, "BB" + i, "stop" + i}) {
          assertThat(cache.term(new StringBuilder(w), UPPER_OR_NONE))
              .isEqualTo(UPPER_OR_NONE.apply(w));
        }
      }
    }
  }
}
