package io.newsdrift.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class TopicTermCountsTest {

  @Test
  void survivesSerialisationAsItsNonZeroEntries() throws Exception {
    TopicTermCounts counts = new TopicTermCounts(20, 10_000);
    counts.add(0, 0, 5);
    counts.add(19, 9_999, -3);
    counts.add(7, 1_234, 1L << 40);
    counts.addDocument();
    counts.addDocument();

    byte[] bytes = serialise(counts);
    TopicTermCounts back = deserialise(bytes);

    assertThat(back.get(0, 0)).isEqualTo(5);
    assertThat(back.get(19, 9_999)).isEqualTo(-3);
    assertThat(back.get(7, 1_234)).isEqualTo(1L << 40);
    assertThat(back.get(7, 1_235)).isZero();
    assertThat(back.documents()).isEqualTo(2);
    assertThat(bytes.length)
        .as("three entries, not 200,000 longs")
        .isLessThan(serialise(new long[20 * 10_000]).length / 100);
  }

  @Test
  void anEmptyStartStaysEmptyAndMergesSum() throws Exception {
    TopicTermCounts empty = deserialise(serialise(new TopicTermCounts(2, 3)));
    assertThat(empty.get(1, 2)).isZero();
    assertThat(empty.documents()).isZero();

    TopicTermCounts a = new TopicTermCounts(2, 3);
    a.add(1, 2, 4);
    a.addDocument();
    TopicTermCounts b = new TopicTermCounts(2, 3);
    b.add(1, 2, 6);
    b.add(0, 1, 1);
    b.addDocument();

    TopicTermCounts sum = empty.merge(a).merge(b);
    assertThat(sum.get(1, 2)).isEqualTo(10);
    assertThat(sum.get(0, 1)).isEqualTo(1);
    assertThat(sum.documents()).isEqualTo(2);
    assertThat(a.get(1, 2)).as("merging into an empty one copies, never aliases").isEqualTo(4);
  }

  private static byte[] serialise(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static TopicTermCounts deserialise(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (TopicTermCounts) in.readObject();
    }
  }
}
