package io.newsdrift.demo;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Parameters of a synthetic demo corpus: how many articles to write in total (syndicated copies
 * included), the first publication day, how many days the corpus spans and the random seed.
 *
 * <p>{@link #defaults()} gives 6000 articles over 84 days starting Monday 2024-01-01 with seed 42.
 *
 * @param articles total number of articles, at least 100
 * @param start first publication day (UTC)
 * @param days number of publication days, at least 28
 * @param seed random seed; the same spec always produces byte-identical files
 */
public record DemoCorpusSpec(int articles, LocalDate start, int days, long seed) {
  public static final int DEFAULT_ARTICLES = 6000;
  public static final LocalDate DEFAULT_START = LocalDate.of(2024, 1, 1);
  public static final int DEFAULT_DAYS = 84;
  public static final long DEFAULT_SEED = 42L;

  public DemoCorpusSpec {
    if (articles < 100) {
      throw new IllegalArgumentException("articles must be >= 100, was " + articles);
    }
    Objects.requireNonNull(start, "start");
    if (days < 28) {
      throw new IllegalArgumentException("days must be >= 28, was " + days);
    }
  }

  /** 6000 articles, starting Monday 2024-01-01, over 84 days (12 weeks), seed 42. */
  public static DemoCorpusSpec defaults() {
    return new DemoCorpusSpec(DEFAULT_ARTICLES, DEFAULT_START, DEFAULT_DAYS, DEFAULT_SEED);
  }

  /** This spec with a different total article count. */
  public DemoCorpusSpec withArticles(int n) {
    return new DemoCorpusSpec(n, start, days, seed);
  }

  /**
   * This spec with as many days as it takes for each outlet to publish about {@code
   * articlesPerOutletDay} articles a day (weekends averaged in), and never fewer than {@link
   * #DEFAULT_DAYS}. A larger corpus then spans a longer period at the same density, as a longer
   * dump of real outlets does, instead of packing more articles into each outlet's day.
   */
  public DemoCorpusSpec withDensity(int articlesPerOutletDay) {
    if (articlesPerOutletDay < 1) {
      throw new IllegalArgumentException(
          "articles per outlet and day must be >= 1, was " + articlesPerOutletDay);
    }
    long perDay = (long) DemoVocabulary.OUTLETS.length * articlesPerOutletDay;
    long spanned = (articles + perDay - 1) / perDay;
    return new DemoCorpusSpec(articles, start, (int) Math.max(DEFAULT_DAYS, spanned), seed);
  }

  /** The first day after the corpus: a nightly run up to this date takes every article. */
  public LocalDate end() {
    return start.plusDays(days);
  }
}
