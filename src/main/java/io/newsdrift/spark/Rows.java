package io.newsdrift.spark;

import java.util.Map;
import scala.jdk.javaapi.CollectionConverters;

/** Values for {@code RowFactory.create} that Spark's row encoder accepts for complex columns. */
public final class Rows {
  private Rows() {}

  /** A MAP column's value: Spark 4's encoder takes Scala maps only. */
  public static <K, V> scala.collection.Map<K, V> map(Map<K, V> map) {
    return CollectionConverters.asScala(map);
  }
}
