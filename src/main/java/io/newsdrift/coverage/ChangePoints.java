package io.newsdrift.coverage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.newsdrift.schema.Cols;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Change points in a share series: a two-sided CUSUM (Page 1954) on standardised deviations from
 * the share of the current regime, with the onset of each change estimated by maximum likelihood
 * and flagged there, once, as {@code change_up} or {@code change_down}.
 *
 * <p>Why a CUSUM and not Kleinberg's two-state burst model: a burst automaton measures every period
 * against one base rate for the whole series, which is right for short bursts but wrong for what
 * {@code shifts} is for, sustained level shifts (a war that starts and stays in the news). A shift
 * that lasts half the series raises the base rate so much that its own periods no longer look like
 * a burst, and a fall is not a burst at all. The CUSUM compares each period with the regime before
 * it, sees rises and falls, and after a change starts a new regime, so a sustained shift is flagged
 * once, at its onset, and not in every later period.
 *
 * <p>The rule, for each series in period order, skipping periods that are not {@code ok} ({@code
 * thin} and {@code missing} periods are never flagged and never move the statistic):
 *
 * <ol>
 *   <li>The reference share {@code p0} is the article-weighted share of the last {@code
 *       coverage.cusum_reference_periods} (default 8) in-control periods of the current regime
 *       (periods of a run that ended without a change count as in control); the first two {@code
 *       ok} periods of a series (or regime) only build the reference.
 *   <li>{@code z = (share - p0) / sqrt(p0 (1 - p0) / n + coverage.share_noise^2)}: the binomial
 *       sampling error plus a floor (default 0.01) for the week-to-week variation of real news that
 *       is not sampling error, without which periods of thousands of articles turn every tiny move
 *       into a "significant" one.
 *   <li>{@code S+ = max(0, S+ + z - k)}, {@code S- = max(0, S- - z - k)} with {@code k =
 *       coverage.cusum_k} (default 2.0). A change is detected when {@code S+} or {@code S-} exceeds
 *       {@code h = coverage.cusum_h} (default 3.0) and the share of the run that led there differs
 *       from {@code p0} by at least {@code coverage.min_delta} (default 0.02).
 *   <li>The onset is the start of the run's later part that best fits a new binomial level (the
 *       likelihood-maximising split of the run); it gets the flag and {@code detected_at}, the
 *       period whose data confirmed the change. The periods from the onset on become the new
 *       regime's reference and both sums restart at zero.
 * </ol>
 *
 * <p>Dangers: with the defaults a period must sit at least {@code k = 2} standard errors off the
 * reference to add evidence, so the detector is tuned for abrupt shifts of a few standard errors
 * per period (it confirms one of 2.5 standard errors in two periods, of 5 in one) and misses slow
 * drifts. The onset is an estimate: with about 100 articles a period it can land one period early
 * when the period before a change is high by chance. Flags depend on the whole history before them,
 * so recomputing over a longer history can move or add flags.
 */
final class ChangePoints {
  static final String UP = "change_up";
  static final String DOWN = "change_down";
  static final String NONE = "none";

  /** Periods that only build a reference, at the start of a series and after each change. */
  static final int MIN_REFERENCE_PERIODS = 2;

  private ChangePoints() {}

  /** The detector's settings; see the class Javadoc. */
  record Params(double k, double h, double shareNoise, double minDelta, int referencePeriods)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * What the detector says about one period: its flag, the CUSUM statistic after it (positive for
   * evidence of a rise, negative for a fall; {@code null} when the period was not evaluated), and
   * for a flagged onset the index of the period that confirmed it (else -1).
   */
  record Verdict(String flag, Double score, int detectedAt) {}

  /**
   * Runs the detector over one series in period order.
   *
   * @param n articles per period
   * @param m matching articles (or summed weights) per period
   * @param ok whether the period is {@code ok}; others are skipped
   */
  static Verdict[] detect(double[] n, double[] m, boolean[] ok, Params p) {
    int len = n.length;
    String[] flags = new String[len];
    Arrays.fill(flags, NONE);
    Double[] scores = new Double[len];
    int[] detected = new int[len];
    Arrays.fill(detected, -1);

    Deque<Integer> reference = new ArrayDeque<>();
    List<Integer> pending = new ArrayList<>(); // periods inside an open run, not yet reference
    List<Integer> upRun = new ArrayList<>();
    List<Integer> downRun = new ArrayList<>();
    double up = 0;
    double down = 0;
    for (int i = 0; i < len; i++) {
      if (!ok[i]) {
        continue;
      }
      if (reference.size() < MIN_REFERENCE_PERIODS) {
        reference.addLast(i);
        continue;
      }
      double p0 = pooled(n, m, reference);
      // Smoothed for the variance only, so a reference share of 0 still has a standard error.
      double refN = total(n, reference);
      double pv = (p0 * refN + 0.5) / (refN + 1.0);
      double se = Math.sqrt(pv * (1 - pv) / n[i] + p.shareNoise() * p.shareNoise());
      double z = (m[i] / n[i] - p0) / se;
      up = extend(up, z - p.k(), upRun, i);
      down = extend(down, -z - p.k(), downRun, i);
      scores[i] = up >= down ? up : -down;

      List<Integer> changed = null;
      String flag = null;
      if (up > p.h() && Math.abs(pooled(n, m, upRun) - p0) >= p.minDelta()) {
        changed = upRun;
        flag = UP;
      } else if (down > p.h() && Math.abs(pooled(n, m, downRun) - p0) >= p.minDelta()) {
        changed = downRun;
        flag = DOWN;
      }
      if (changed != null) {
        int onset = onset(n, m, changed, p0);
        flags[changed.get(onset)] = flag;
        detected[changed.get(onset)] = i;
        reference.clear();
        for (int j = onset; j < changed.size(); j++) {
          add(reference, changed.get(j), p.referencePeriods());
        }
        pending.clear();
        upRun.clear();
        downRun.clear();
        up = 0;
        down = 0;
      } else if (up == 0 && down == 0) {
        // A run that ended without a change was noise: its periods join the reference.
        for (int j : pending) {
          add(reference, j, p.referencePeriods());
        }
        pending.clear();
        add(reference, i, p.referencePeriods());
      } else {
        pending.add(i);
      }
    }
    Verdict[] out = new Verdict[len];
    for (int i = 0; i < len; i++) {
      out[i] = new Verdict(flags[i], scores[i], detected[i]);
    }
    return out;
  }

  private static double extend(double sum, double increment, List<Integer> run, int i) {
    double next = Math.max(0, sum + increment);
    if (next == 0) {
      run.clear();
    } else {
      run.add(i);
    }
    return next;
  }

  private static void add(Deque<Integer> reference, int i, int max) {
    reference.addLast(i);
    while (reference.size() > max) {
      reference.removeFirst();
    }
  }

  private static double total(double[] n, Iterable<Integer> periods) {
    double s = 0;
    for (int i : periods) {
      s += n[i];
    }
    return s;
  }

  private static double pooled(double[] n, double[] m, Iterable<Integer> periods) {
    double sn = 0;
    double sm = 0;
    for (int i : periods) {
      sn += n[i];
      sm += m[i];
    }
    return sm / sn;
  }

  /**
   * The position in {@code run} where a new level most likely starts: the split maximising the
   * binomial log-likelihood of "share p0 before, the later part's own share after"; ties go to the
   * later split.
   */
  static int onset(double[] n, double[] m, List<Integer> run, double p0) {
    int best = run.size() - 1;
    double bestLl = Double.NEGATIVE_INFINITY;
    for (int j = run.size() - 1; j >= 0; j--) {
      List<Integer> after = run.subList(j, run.size());
      double p1 = pooled(n, m, after);
      double ll = logLikelihood(n, m, run.subList(0, j), p0) + logLikelihood(n, m, after, p1);
      if (ll > bestLl + 1e-9) {
        bestLl = ll;
        best = j;
      }
    }
    return best;
  }

  private static double logLikelihood(double[] n, double[] m, List<Integer> periods, double p) {
    double q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
    double ll = 0;
    for (int i : periods) {
      ll += m[i] * Math.log(q) + (n[i] - m[i]) * Math.log(1 - q);
    }
    return ll;
  }

  // ---------------------------------------------------------------------------------------------
  // Spark

  static final String DAY = "_day";
  static final String DETECTED_DAY = "_detected_day";
  private static final StructType VERDICTS =
      new StructType()
          .add(Cols.GRAIN, DataTypes.StringType, false)
          .add(Cols.OUTLET, DataTypes.StringType, false)
          .add(Cols.SUBJECT_TYPE, DataTypes.StringType, false)
          .add(Cols.SUBJECT, DataTypes.StringType, false)
          .add(DAY, DataTypes.IntegerType, false)
          .add(Cols.FLAG, DataTypes.StringType, false)
          .add(Cols.CHANGE_SCORE, DataTypes.DoubleType, true)
          .add(DETECTED_DAY, DataTypes.IntegerType, true);

  /**
   * The detector over every series: one group per grain, outlet, subject type and subject, holding
   * that series' periods (a few hundred at most, never per-article data).
   *
   * @param series rows with {@code grain}, {@code outlet}, {@code subject_type}, {@code subject},
   *     {@code period_start}, {@code total_articles}, {@code share} and {@code status}
   * @return the series key, {@code _day} (the period start as days since 1970-01-01), {@code flag},
   *     {@code change_score} and {@code _detected_day}
   */
  static Dataset<Row> verdicts(Dataset<Row> series, Params params) {
    Dataset<Row> input =
        series.select(
            col(Cols.GRAIN),
            col(Cols.OUTLET),
            col(Cols.SUBJECT_TYPE),
            col(Cols.SUBJECT),
            expr("unix_date(period_start)").as(DAY),
            col(Cols.TOTAL_ARTICLES).cast("double").as("_n"),
            col(Cols.SHARE).multiply(col(Cols.TOTAL_ARTICLES).cast("double")).as("_m"),
            col(Cols.STATUS).equalTo("ok").as("_ok"));
    return input
        .groupByKey(
            (MapFunction<Row, String>)
                r ->
                    String.join(
                        "\u0000", r.getString(0), r.getString(1), r.getString(2), r.getString(3)),
            Encoders.STRING())
        .flatMapGroups(
            (FlatMapGroupsFunction<String, Row, Row>) (key, rows) -> detectGroup(rows, params),
            Encoders.row(VERDICTS));
  }

  private static Iterator<Row> detectGroup(Iterator<Row> rows, Params params) {
    List<Row> periods = new ArrayList<>();
    rows.forEachRemaining(periods::add);
    periods.sort(Comparator.comparingInt(r -> r.getInt(4)));
    int len = periods.size();
    double[] n = new double[len];
    double[] m = new double[len];
    boolean[] ok = new boolean[len];
    for (int i = 0; i < len; i++) {
      Row r = periods.get(i);
      // Only ok periods are read: they have articles and a share.
      ok[i] = !r.isNullAt(7) && r.getBoolean(7) && !r.isNullAt(6) && !r.isNullAt(5);
      n[i] = ok[i] ? r.getDouble(5) : 0;
      m[i] = ok[i] ? r.getDouble(6) : 0;
    }
    Verdict[] v = detect(n, m, ok, params);
    List<Row> out = new ArrayList<>(len);
    for (int i = 0; i < len; i++) {
      Row r = periods.get(i);
      out.add(
          RowFactory.create(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getInt(4),
              v[i].flag(),
              v[i].score(),
              v[i].detectedAt() < 0 ? null : periods.get(v[i].detectedAt()).getInt(4)));
    }
    return out.iterator();
  }
}
