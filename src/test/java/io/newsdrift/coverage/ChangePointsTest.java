package io.newsdrift.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangePointsTest {
  private static final ChangePoints.Params DEFAULTS =
      new ChangePoints.Params(2.0, 3.0, 0.01, 0.02, 8);

  /**
   * Periods of {@code n} articles with the given shares; a share below 0 marks a missing period.
   */
  private static ChangePoints.Verdict[] detect(double n, ChangePoints.Params p, double... shares) {
    double[] ns = new double[shares.length];
    double[] ms = new double[shares.length];
    boolean[] ok = new boolean[shares.length];
    for (int i = 0; i < shares.length; i++) {
      ok[i] = shares[i] >= 0;
      ns[i] = ok[i] ? n : 0;
      ms[i] = ok[i] ? Math.round(shares[i] * n) : 0;
    }
    return ChangePoints.detect(ns, ms, ok, p);
  }

  private static List<String> flags(ChangePoints.Verdict[] v) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      if (!v[i].flag().equals(ChangePoints.NONE)) {
        out.add(i + ":" + v[i].flag() + "@" + v[i].detectedAt());
      }
    }
    return out;
  }

  @Test
  void aSustainedRiseIsFlaggedOnceAtItsOnset() {
    ChangePoints.Verdict[] v =
        detect(100, DEFAULTS, .10, .11, .09, .10, .10, .11, .09, .10, .30, .31, .29, .30, .30, .31);
    assertThat(flags(v)).containsExactly("8:change_up@8");
    assertThat(v[8].score()).isGreaterThan(3.0);
    // The new level is the new regime (its second period completes the reference): later
    // periods add no evidence.
    assertThat(v[9].score()).isNull();
    for (int i = 10; i < v.length; i++) {
      assertThat(v[i].score()).as("score of period %d", i).isZero();
    }
  }

  @Test
  void aFallAndARiseBackAreTwoChanges() {
    ChangePoints.Verdict[] v =
        detect(200, DEFAULTS, .30, .31, .29, .30, .10, .11, .09, .10, .10, .30, .29, .31);
    assertThat(flags(v)).containsExactly("4:change_down@4", "9:change_up@9");
    assertThat(v[4].score()).isLessThan(-3.0);
  }

  @Test
  void aModerateShiftIsConfirmedLaterButFlaggedAtItsOnset() {
    // 0.10 -> 0.19 with 100 articles: about 2.8 standard errors a period, below h alone.
    ChangePoints.Verdict[] v =
        detect(100, DEFAULTS, .10, .10, .10, .10, .10, .10, .19, .19, .19, .19, .19, .19);
    assertThat(flags(v)).containsExactly("6:change_up@9");
    assertThat(v[6].score()).isBetween(0.1, 3.0);
  }

  @Test
  void missingPeriodsAreSkippedNeverFlaggedNorScored() {
    ChangePoints.Verdict[] v = detect(100, DEFAULTS, .10, .10, .10, -1, -1, .10, -1, .30, .30, .30);
    assertThat(flags(v)).containsExactly("7:change_up@7");
    assertThat(v[3].score()).isNull();
    assertThat(v[6].score()).isNull();
    assertThat(v[3].flag()).isEqualTo(ChangePoints.NONE);
    // The first two ok periods only build the reference.
    assertThat(v[0].score()).isNull();
    assertThat(v[1].score()).isNull();
    assertThat(v[2].score()).isZero();
  }

  @Test
  void noiseWithinTwoStandardErrorsIsNeverFlagged() {
    // Alternating +-1.9 standard errors (binomial 0.03 plus noise 0.01 at n=100: 0.0316).
    ChangePoints.Verdict[] v =
        detect(100, DEFAULTS, .10, .10, .16, .04, .16, .04, .16, .16, .04, .04, .16, .10);
    assertThat(flags(v)).isEmpty();
  }

  @Test
  void largePeriodsNeedMoreThanSamplingErrorToChange() {
    double[] tinyMove = {.100, .100, .100, .100, .108, .108, .108, .108};
    assertThat(flags(detect(100_000, DEFAULTS, tinyMove))).isEmpty();
    ChangePoints.Params noNoise = new ChangePoints.Params(2.0, 3.0, 0.0, 0.0, 4);
    assertThat(flags(detect(100_000, noNoise, tinyMove))).containsExactly("4:change_up@4");
    // min_delta still holds without the noise floor: 0.8 points is below 2.
    ChangePoints.Params noNoiseMinDelta = new ChangePoints.Params(2.0, 3.0, 0.0, 0.02, 4);
    assertThat(flags(detect(100_000, noNoiseMinDelta, tinyMove))).isEmpty();
  }

  @Test
  void theOnsetIsTheLikeliestSplitOfTheRun() {
    double[] n = {100, 100, 100, 100};
    double[] m = {13, 30, 29, 31};
    // 13% is closer to the 10% reference than to the new 30% level: the change starts after it.
    assertThat(ChangePoints.onset(n, m, List.of(0, 1, 2, 3), 0.10)).isEqualTo(1);
    assertThat(ChangePoints.onset(n, new double[] {24, 30, 29, 31}, List.of(0, 1, 2, 3), 0.10))
        .isZero();
  }
}
