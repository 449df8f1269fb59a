package io.newsdrift.spark;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Filters built from many terms. */
public final class Predicates {
  private Predicates() {}

  /**
   * The disjunction of {@code terms} (false for none), as a balanced tree: a chain of hundreds of
   * ORs (a night that touches a year of dates) overflows the stack of Spark's expression
   * conversion.
   */
  public static Column anyOf(List<Column> terms) {
    return anyOf(terms, 0, terms.size());
  }

  private static Column anyOf(List<Column> terms, int from, int to) {
    if (to == from) {
      return functions.lit(false);
    }
    if (to - from == 1) {
      return terms.get(from);
    }
    int middle = (from + to) >>> 1;
    return anyOf(terms, from, middle).or(anyOf(terms, middle, to));
  }
}
