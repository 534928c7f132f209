package dev.engagement.score.core.normalization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.normalization.Normalization.ClipPercentiles;
import dev.engagement.score.core.normalization.Normalization.Method;
import dev.engagement.score.core.scoring.TierAssigner;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NormalizerTest extends SparkTestBase {
  private static final StructType SCORES =
      TestSchemas.CUSTOMER_PERIOD.add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE);
  private static final StructType NORMALIZED =
      SCORES.add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE);
  private static final BigDecimal HUNDRED = new BigDecimal("100");
  private static final Normalization ZERO_TO_100 = of(Method.MINMAX, BigDecimal.ZERO, HUNDRED);
  private static final Normalization PERCENTILE = of(Method.PERCENTILE, BigDecimal.ZERO, HUNDRED);
  private static final Normalization ZSCORE = of(Method.ZSCORE, BigDecimal.ZERO, HUNDRED);
  private static final Normalization LOG_MINMAX = of(Method.LOG_MINMAX, BigDecimal.ZERO, HUNDRED);

  private static Normalization of(Method method, BigDecimal lo, BigDecimal hi) {
    return new Normalization(method, lo, hi, Optional.empty(), Optional.empty());
  }

  private static Normalization clipped(String lower, String upper) {
    return clipped(Method.MINMAX, lower, upper);
  }

  private static Normalization clipped(Method method, String lower, String upper) {
    return new Normalization(
        method,
        BigDecimal.ZERO,
        HUNDRED,
        Optional.of(new ClipPercentiles(new BigDecimal(lower), new BigDecimal(upper))),
        Optional.empty());
  }

  private static Object[] row(String customer, String month, String raw, String normalized) {
    Date start = Date.valueOf(month + "-01");
    Date end = Date.valueOf(start.toLocalDate().plusMonths(1).minusDays(1));
    Object[] r = {customer, "month", start, end, new BigDecimal(raw), null};
    if (normalized != null) {
      r[5] = new BigDecimal(normalized);
    }
    return r;
  }

  /** The rows without their last (expected normalized) value. */
  private Dataset<Row> scores(StructType schema, Object[]... rows) {
    return df(
        schema,
        Arrays.stream(rows).map(r -> Arrays.copyOf(r, r.length - 1)).toArray(Object[][]::new));
  }

  private void assertNormalizes(Normalization normalization, Object[]... rows) {
    assertDataFrameNoOrderEquals(
        df(NORMALIZED, rows), Normalizer.normalize(scores(SCORES, rows), normalization));
  }

  @Test
  void rescalesEachPeriodOnItsOwnMinAndMax() {
    assertNormalizes(
        ZERO_TO_100,
        // October: min -10, max 20, span 30.
        row("a", "2026-10", "-10", "0.00"),
        row("b", "2026-10", "0", "33.33"), // 10/30 = 33.333..
        row("c", "2026-10", "10", "66.67"), // 20/30 = 66.666.. rounds up
        row("d", "2026-10", "20", "100.00"),
        // November: min 0, max 8; 0.0004/8 x 100 = 0.005 rounds half-up to 0.01.
        row("a", "2026-11", "0", "0.00"),
        row("b", "2026-11", "0.0004", "0.01"),
        row("c", "2026-11", "1", "12.50"),
        row("d", "2026-11", "8", "100.00"));
  }

  @Test
  void allEqualScoresGetTheTopOfTheRange() {
    Object[][] rows = {
      row("a", "2026-10", "7.5", "100.00"),
      row("b", "2026-10", "7.5", "100.00"),
      row("solo", "2026-11", "-3", "100.00"),
    };
    assertNormalizes(ZERO_TO_100, rows);
    // The same rule for percentile ranks: everyone shares rank 1 of n.
    assertNormalizes(PERCENTILE, rows);
  }

  @Test
  void offLeavesANullColumn() {
    assertNormalizes(
        of(Method.NONE, BigDecimal.ZERO, BigDecimal.TEN), row("a", "2026-10", "1", null));
  }

  @Test
  void aConfiguredRangeIsHonoured() {
    BigDecimal lo = new BigDecimal("-1");
    BigDecimal hi = new BigDecimal("1");
    // -1 + (5 - 0) / (20 - 0) x 2 = -0.5
    assertThat(
            Normalizer.rescale(new BigDecimal("5"), BigDecimal.ZERO, new BigDecimal("20"), lo, hi))
        .isEqualTo(new BigDecimal("-0.50"));
    // -1 + (4 - 3.5) / (11.5 - 3.5) x 2 = -0.875: one half-up rounding (ties away from zero) gives
    // -0.88; rounding 0.125 to 0.13 first and then adding -1 would give -0.87 (found by the
    // reference test, seed 20261306).
    assertThat(
            Normalizer.rescale(
                new BigDecimal("4"), new BigDecimal("3.5"), new BigDecimal("11.5"), lo, hi))
        .isEqualTo(new BigDecimal("-0.88"));
    // 0..1000: (1 - 0) / 3 x 1000 = 333.333.. -> 333.33
    assertThat(
            Normalizer.rescale(
                BigDecimal.ONE,
                BigDecimal.ZERO,
                new BigDecimal("3"),
                BigDecimal.ZERO,
                new BigDecimal("1000")))
        .isEqualTo(new BigDecimal("333.33"));
  }

  @Test
  void percentileRanksShareTheLowestRankOnTiesAndIgnoreDistances() {
    // October, n = 7: 0 + (rank - 1) / (7 - 1) x 100; rank = 1 + customers strictly below.
    assertNormalizes(
        PERCENTILE,
        row("a", "2026-10", "-12.5", "0.00"), // rank 1: 0/6
        row("b", "2026-10", "-3", "16.67"), // rank 2: 1/6 x 100 = 16.666.. -> 16.67
        row("c", "2026-10", "-3", "16.67"), // tied with b: rank 2
        row("d", "2026-10", "0", "50.00"), // 3 below, rank 4: 3/6 x 100 = 50
        row("e", "2026-10", "0.000001", "66.67"), // rank 5: 4/6 x 100 = 66.666.. -> 66.67
        row("f", "2026-10", "8000", "83.33"), // rank 6: 5/6 x 100 = 83.333.. -> 83.33
        row("g", "2026-10", "8000", "83.33"), // tied at the top: rank 6, so nobody gets 100
        // November, one customer: the top of the range, as with min-max.
        row("solo", "2026-11", "-3", "100.00"));
    // Range -1..1, n = 4: -1 + (rank - 1) / 3 x 2.
    assertDataFrameNoOrderEquals(
        df(
            NORMALIZED,
            row("a", "2026-10", "-5", "-1.00"), // rank 1: -1 + 0
            row("b", "2026-10", "-4", "-0.33"), // rank 2: -1 + 2/3 = -0.333.. -> -0.33
            row("c", "2026-10", "7", "0.33"), // rank 3: -1 + 4/3 = 0.333.. -> 0.33
            row("d", "2026-10", "9", "1.00")), // rank 4: -1 + 2
        Normalizer.normalize(
            scores(
                SCORES,
                row("a", "2026-10", "-5", null),
                row("b", "2026-10", "-4", null),
                row("c", "2026-10", "7", null),
                row("d", "2026-10", "9", null)),
            of(Method.PERCENTILE, new BigDecimal("-1"), BigDecimal.ONE)));
  }

  @Test
  void clippingRescalesBetweenNearestRankPercentiles() {
    assertNormalizes(
        clipped("25", "75"),
        // October, n = 5, sorted -40, -2, 1, 6, 1000. p25: the smallest score with
        // 100 x (customers at or below) >= 25 x 5 = 125, i.e. at least 2 customers: -2.
        // p75: at least 375 / 100 = 3.75, i.e. 4 customers: 6. Span 6 - (-2) = 8.
        row("a", "2026-10", "-40", "0.00"), // clipped to -2: range_min
        row("b", "2026-10", "-2", "0.00"),
        row("c", "2026-10", "1", "37.50"), // (1 + 2) / 8 x 100 = 37.5
        row("d", "2026-10", "6", "100.00"),
        row("e", "2026-10", "1000", "100.00"), // clipped to 6: range_max
        // November, n = 4, sorted 2, 5, 5, 9 (at or below: 1, 3, 3, 4). p25: >= 25 x 4 / 100 = 1
        // customer: 2. p75: >= 3 customers: 5 (the tie counts both). Span 3.
        row("a", "2026-11", "2", "0.00"),
        row("b", "2026-11", "5", "100.00"),
        row("c", "2026-11", "5", "100.00"),
        row("d", "2026-11", "9", "100.00"), // clipped to 5
        // December, n = 4, sorted 3, 3, 3, 10: p25 and p75 are both 3, so all clipped scores are
        // equal and everyone gets range_max, as for all-equal scores.
        row("a", "2026-12", "3", "100.00"),
        row("b", "2026-12", "3", "100.00"),
        row("c", "2026-12", "3", "100.00"),
        row("d", "2026-12", "10", "100.00"));
  }

  @Test
  void clippingAtZeroAndHundredIsPlainMinMax() {
    // p0 = the minimum (every count passes 100 x at_or_below >= 0), p100 = the maximum.
    assertNormalizes(
        clipped("0", "100"),
        row("a", "2026-10", "-10", "0.00"),
        row("b", "2026-10", "0", "33.33"), // 10/30
        row("c", "2026-10", "20", "100.00"));
  }

  @Test
  void theWorkedExampleOfTheDocs() {
    // docs/normalization.md: sorted -20, 60, 60, 145, 900 (n = 5).
    // minmax: low -20, high 900, span 920: 80 / 920 x 100 = 8.6956.. -> 8.70,
    // 165 / 920 x 100 = 17.9347.. -> 17.93.
    assertNormalizes(
        ZERO_TO_100,
        row("dune", "2026-10", "-20", "0.00"),
        row("beta", "2026-10", "60", "8.70"),
        row("cora", "2026-10", "60", "8.70"),
        row("acme", "2026-10", "145", "17.93"),
        row("echo", "2026-10", "900", "100.00"));
    // clipped at 20,80: p20 = the 1st smallest (20 x 5 / 100 = 1), -20; p80 = the 4th (80 x 5 /
    // 100 = 4), 145; span 165: 80 / 165 x 100 = 48.4848.. -> 48.48; echo clipped to 145.
    assertNormalizes(
        clipped("20", "80"),
        row("dune", "2026-10", "-20", "0.00"),
        row("beta", "2026-10", "60", "48.48"),
        row("cora", "2026-10", "60", "48.48"),
        row("acme", "2026-10", "145", "100.00"),
        row("echo", "2026-10", "900", "100.00"));
    // percentile: ranks 1, 2, 2, 4, 5; (rank - 1) / 4 x 100.
    assertNormalizes(
        PERCENTILE,
        row("dune", "2026-10", "-20", "0.00"),
        row("beta", "2026-10", "60", "25.00"),
        row("cora", "2026-10", "60", "25.00"),
        row("acme", "2026-10", "145", "75.00"),
        row("echo", "2026-10", "900", "100.00"));
    // zscore: mean 1145 / 5 = 229, deviations -249, -169, -169, -84, 671, squares 62001 +
    // 28561 x 2 + 7056 + 450241 = 576420, variance 115284, sd 339.5350..: -249 / 339.535 =
    // -0.7334.., -169 / 339.535 = -0.4977.., -84 / 339.535 = -0.2474.., 671 / 339.535 = 1.9762..
    assertNormalizes(
        ZSCORE,
        row("dune", "2026-10", "-20", "-0.73"),
        row("beta", "2026-10", "60", "-0.50"),
        row("cora", "2026-10", "60", "-0.50"),
        row("acme", "2026-10", "145", "-0.25"),
        row("echo", "2026-10", "900", "1.98"));
    // log_minmax: -ln 21 = -3.044522, ln 61 = 4.110874, ln 146 = 4.983607, ln 901 = 6.803505;
    // span 9.848027: 7.155396 / 9.848027 x 100 = 72.658.. -> 72.66, 8.028129 / 9.848027 x 100 =
    // 81.520.. -> 81.52.
    assertNormalizes(
        LOG_MINMAX,
        row("dune", "2026-10", "-20", "0.00"),
        row("beta", "2026-10", "60", "72.66"),
        row("cora", "2026-10", "60", "72.66"),
        row("acme", "2026-10", "145", "81.52"),
        row("echo", "2026-10", "900", "100.00"));
    // log_minmax clipped at 20,80: the raw bounds -20 and 145 as above, then logarithms: span
    // 4.983607 + 3.044522 = 8.028129; beta 7.155396 / 8.028129 x 100 = 89.129.. -> 89.13; echo
    // clipped to 145.
    assertNormalizes(
        clipped(Method.LOG_MINMAX, "20", "80"),
        row("dune", "2026-10", "-20", "0.00"),
        row("beta", "2026-10", "60", "89.13"),
        row("cora", "2026-10", "60", "89.13"),
        row("acme", "2026-10", "145", "100.00"),
        row("echo", "2026-10", "900", "100.00"));
  }

  @Test
  void zScoresAreDistancesFromTheMeanInPopulationStandardDeviations() {
    assertNormalizes(
        ZSCORE,
        // October: mean (10 + 20 + 60) / 3 = 30, deviations -20, -10, 30, variance
        // (400 + 100 + 900) / 3 = 466.666.., sd sqrt(466.666..) = 21.6024..
        row("a", "2026-10", "10", "-0.93"), // -20 / 21.6024 = -0.9258..
        row("b", "2026-10", "20", "-0.46"), // -10 / 21.6024 = -0.4629..
        row("c", "2026-10", "60", "1.39"), // 30 / 21.6024 = 1.3887..
        // November: all equal, sd 0: everyone 0 (at the mean), a group of one too (December).
        row("a", "2026-11", "7.5", "0.00"),
        row("b", "2026-11", "7.5", "0.00"),
        row("solo", "2026-12", "-3", "0.00"));
  }

  @Test
  void zScoresAreExactWhereDoublesWouldCancel() {
    // Mean 1000000000000.000002, deviations -0.000001, 0, 0.000001, variance 2/3 x 10^-12, sd
    // 0.000000816496..; z = -1 / sqrt(2/3) = -1.2247.. A double holds about 16 digits, so these 19
    // digit scores would differ by rounding noise, and E[x^2] - E[x]^2 would cancel to nonsense.
    assertNormalizes(
        ZSCORE,
        row("a", "2026-10", "1000000000000.000001", "-1.22"),
        row("b", "2026-10", "1000000000000.000002", "0.00"),
        row("c", "2026-10", "1000000000000.000003", "1.22"));
  }

  @Test
  void zScoresRoundOnceHalfUpEvenWhenTheStandardDeviationIsRational() {
    // 0, 0, 2, 3, 4: mean 9 / 5 = 1.8, deviations -1.8, -1.8, 0.2, 1.2, 2.2, squares 3.24 x 2 +
    // 0.04 + 1.44 + 4.84 = 12.8, variance 12.8 / 5 = 2.56, sd exactly 1.6. So the z-scores are
    // exact ties at the third decimal, rounded half-up (away from zero) like every normalized
    // score: -1.8 / 1.6 = -1.125 -> -1.13, 0.2 / 1.6 = 0.125 -> 0.13, 1.2 / 1.6 = 0.75,
    // 2.2 / 1.6 = 1.375 -> 1.38.
    assertNormalizes(
        ZSCORE,
        row("a", "2026-10", "0", "-1.13"),
        row("b", "2026-10", "0", "-1.13"),
        row("c", "2026-10", "2", "0.13"),
        row("d", "2026-10", "3", "0.75"),
        row("e", "2026-10", "4", "1.38"));
    // The same in millionths: n = 5, s = 9 x 10^6, q = 29 x 10^12; n q - s^2 = 64 x 10^12, so
    // z = (5 x 0 - 9 x 10^6) / (8 x 10^6) = -1.125 exactly.
    assertThat(
            Normalizer.zScore(
                new BigDecimal("0.000000"), 5, new BigDecimal("9.000000"), new BigDecimal("29E12")))
        .isEqualTo(new BigDecimal("-1.13"));
  }

  @Test
  void zScoresTooLargeToSquareExactlyFailNamingTheGroup() {
    // 9 x 10^12 is 9 x 10^18 millionths, whose square 8.1 x 10^37 fits 38 digits; two of them
    // add up to 1.62 x 10^38, which does not.
    assertThatThrownBy(
            () ->
                Normalizer.normalize(
                        scores(
                            SCORES,
                            row("a", "2026-10", "9000000000000", null),
                            row("b", "2026-10", "-9000000000000", null)),
                        ZSCORE)
                    .collect())
        .hasStackTraceContaining(
            "normalize = zscore: the raw scores of the group {\"period_kind\":\"month\","
                + "\"period_start\":\"2026-10-01\",\"period_end\":\"2026-10-31\"} are too"
                + " large for exact z-scores");
    // 10^13 is 10^19 millionths, whose square alone passes 38 digits.
    assertThatThrownBy(
            () ->
                Normalizer.normalize(
                        scores(SCORES, row("a", "2026-10", "10000000000000", null)), ZSCORE)
                    .collect())
        .hasStackTraceContaining("are too large for exact z-scores");
  }

  @Test
  void zScoresTierWithNegativeBounds() {
    // The 0, 0, 2, 3, 4 group above (-1.13, -1.13, 0.13, 0.75, 1.38), and 0, 2 (mean 1, sd 1:
    // exactly -1 and 1, on the bounds: -1 is not < -1, 1 is <= 1).
    Dataset<Row> tiered =
        TierAssigner.assign(
            Normalizer.normalize(
                scores(
                    SCORES,
                    row("a", "2026-10", "0", null),
                    row("b", "2026-10", "0", null),
                    row("c", "2026-10", "2", null),
                    row("d", "2026-10", "3", null),
                    row("e", "2026-10", "4", null),
                    row("a", "2026-11", "0", null),
                    row("b", "2026-11", "2", null)),
                ZSCORE),
            TierRules.parse(
                "[{name = at_risk, below = -1}, {name = typical, max = 1}, {name = standout}]"),
            true);
    assertThat(
            tiered
                .select(
                    Columns.PERIOD_START,
                    Columns.CUSTOMER_ID,
                    Columns.NORMALIZED_SCORE,
                    Columns.TIER)
                .orderBy(Columns.PERIOD_START, Columns.CUSTOMER_ID)
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList())
        .containsExactly(
            "[2026-10-01,a,-1.13,at_risk]",
            "[2026-10-01,b,-1.13,at_risk]",
            "[2026-10-01,c,0.13,typical]",
            "[2026-10-01,d,0.75,typical]",
            "[2026-10-01,e,1.38,standout]",
            "[2026-11-01,a,-1.00,typical]",
            "[2026-11-01,b,1.00,typical]");
  }

  @Test
  void logMinMaxSpreadsScoresThatOneExtremeCustomerWouldSqueeze() {
    // ln(1 + raw): 0, ln 2 = 0.693147, ln 4 = 1.386294, ln 16 = 2.772589, ln 1000000 = 13.815511.
    // low 0, high 13.815511: ln 2 / 13.815511 x 100 = 5.0171.. -> 5.02, ln 4: 10.0343.. -> 10.03,
    // ln 16: 20.0686.. -> 20.07. (Plain min-max: 1 / 999999 x 100 = 0.0001.. -> 0.00, 15 -> 0.00.)
    assertNormalizes(
        LOG_MINMAX,
        row("a", "2026-10", "0", "0.00"),
        row("b", "2026-10", "1", "5.02"),
        row("c", "2026-10", "3", "10.03"),
        row("d", "2026-10", "15", "20.07"),
        row("e", "2026-10", "999999", "100.00"),
        // All equal, or one customer: the top of the range, as with min-max.
        row("a", "2026-11", "7.5", "100.00"),
        row("b", "2026-11", "7.5", "100.00"),
        row("solo", "2026-12", "-3", "100.00"));
    // Negative scores mirror positive ones: sign(raw) x ln(1 + |raw|) = -ln 6 = -1.791759,
    // -ln 5 = -1.609438, 0, ln 8 = 2.079442, ln 10 = 2.302585; span 4.094345, range -1..1:
    // -1 + 0.182322 / 4.094345 x 2 = -0.9109.. -> -0.91, -1 + 1.791759 / 4.094345 x 2 = -0.1248..
    // -> -0.12, -1 + 3.871201 / 4.094345 x 2 = 0.8910.. -> 0.89.
    assertDataFrameNoOrderEquals(
        df(
            NORMALIZED,
            row("a", "2026-10", "-5", "-1.00"),
            row("b", "2026-10", "-4", "-0.91"),
            row("c", "2026-10", "0", "-0.12"),
            row("d", "2026-10", "7", "0.89"),
            row("e", "2026-10", "9", "1.00")),
        Normalizer.normalize(
            scores(
                SCORES,
                row("a", "2026-10", "-5", null),
                row("b", "2026-10", "-4", null),
                row("c", "2026-10", "0", null),
                row("d", "2026-10", "7", null),
                row("e", "2026-10", "9", null)),
            of(Method.LOG_MINMAX, new BigDecimal("-1"), BigDecimal.ONE)));
  }

  @Test
  void segmentsAreNormalizedSeparatelyAndNullIsASegment() {
    StructType scores =
        TestSchemas.CUSTOMER_PERIOD
            .add(Columns.SEGMENT, DataTypes.StringType)
            .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE);
    StructType normalized = scores.add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE);
    Normalization minMax =
        new Normalization(
            Method.MINMAX, BigDecimal.ZERO, HUNDRED, Optional.empty(), Optional.of("plan"));
    Object[][] minMaxRows = {
      // October pro: min 0, max 10.
      segmentRow("p1", "2026-10", "pro", "0", "0.00"),
      segmentRow("p2", "2026-10", "pro", "10", "100.00"),
      // October free: min 2, max 5, span 3; (4 - 2) / 3 x 100 = 66.666.. -> 66.67.
      segmentRow("f1", "2026-10", "free", "2", "0.00"),
      segmentRow("f2", "2026-10", "free", "4", "66.67"),
      segmentRow("f3", "2026-10", "free", "5", "100.00"),
      // October without a plan: a group of its own, min 1, max 3; (2 - 1) / 2 = 50.
      segmentRow("n1", "2026-10", null, "1", "0.00"),
      segmentRow("n2", "2026-10", null, "2", "50.00"),
      segmentRow("n3", "2026-10", null, "3", "100.00"),
      // November pro: one customer.
      segmentRow("p1", "2026-11", "pro", "-7", "100.00"),
    };
    assertDataFrameNoOrderEquals(
        df(normalized, minMaxRows), Normalizer.normalize(scores(scores, minMaxRows), minMax));

    Normalization percentile =
        new Normalization(
            Method.PERCENTILE, BigDecimal.ZERO, HUNDRED, Optional.empty(), Optional.of("plan"));
    Object[][] percentileRows = {
      segmentRow("p1", "2026-10", "pro", "0", "0.00"), // rank 1 of 2
      segmentRow("p2", "2026-10", "pro", "10", "100.00"), // rank 2 of 2: 1/1
      segmentRow("f1", "2026-10", "free", "2", "0.00"), // rank 1 of 3
      segmentRow("f2", "2026-10", "free", "4", "50.00"), // rank 2 of 3: 1/2
      segmentRow("f3", "2026-10", "free", "5", "100.00"), // rank 3 of 3: 2/2
      segmentRow("n1", "2026-10", null, "1", "0.00"), // rank 1 of 3 (the null group)
      segmentRow("n2", "2026-10", null, "1", "0.00"), // tied: rank 1
      segmentRow("n3", "2026-10", null, "3", "100.00"), // rank 3 of 3: 2/2
      segmentRow("p1", "2026-11", "pro", "-7", "100.00"), // a group of one
    };
    assertDataFrameNoOrderEquals(
        df(normalized, percentileRows),
        Normalizer.normalize(scores(scores, percentileRows), percentile));

    Normalization zScore =
        new Normalization(
            Method.ZSCORE, BigDecimal.ZERO, HUNDRED, Optional.empty(), Optional.of("plan"));
    Object[][] zRows = {
      // pro: mean 5, sd 5.
      segmentRow("p1", "2026-10", "pro", "0", "-1.00"),
      segmentRow("p2", "2026-10", "pro", "10", "1.00"),
      // free: mean 11/3, deviations -5/3, 1/3, 4/3, variance (25 + 1 + 16) / 9 / 3 = 14/9,
      // sd sqrt(14) / 3: z = -5 / sqrt(14) = -1.336.., 1 / sqrt(14) = 0.267.., 4 / sqrt(14) =
      // 1.069..
      segmentRow("f1", "2026-10", "free", "2", "-1.34"),
      segmentRow("f2", "2026-10", "free", "4", "0.27"),
      segmentRow("f3", "2026-10", "free", "5", "1.07"),
      // null: mean 2, variance 2/3, sd 0.8165: -1 / 0.8165 = -1.2247..
      segmentRow("n1", "2026-10", null, "1", "-1.22"),
      segmentRow("n2", "2026-10", null, "2", "0.00"),
      segmentRow("n3", "2026-10", null, "3", "1.22"),
      segmentRow("p1", "2026-11", "pro", "-7", "0.00"), // a group of one
    };
    assertDataFrameNoOrderEquals(
        df(normalized, zRows), Normalizer.normalize(scores(scores, zRows), zScore));

    Normalization logMinMax =
        new Normalization(
            Method.LOG_MINMAX, BigDecimal.ZERO, HUNDRED, Optional.empty(), Optional.of("plan"));
    Object[][] logRows = {
      // pro: ln 1 = 0 and ln 11, the ends.
      segmentRow("p1", "2026-10", "pro", "0", "0.00"),
      segmentRow("p2", "2026-10", "pro", "10", "100.00"),
      // free: ln 3, ln 5, ln 6: (ln 5 - ln 3) / (ln 6 - ln 3) = ln(5/3) / ln 2 = 0.73696.. ->
      // 73.70.
      segmentRow("f1", "2026-10", "free", "2", "0.00"),
      segmentRow("f2", "2026-10", "free", "4", "73.70"),
      segmentRow("f3", "2026-10", "free", "5", "100.00"),
      // null: ln 2, ln 3, ln 4: ln(3/2) / ln 2 = 0.58496.. -> 58.50.
      segmentRow("n1", "2026-10", null, "1", "0.00"),
      segmentRow("n2", "2026-10", null, "2", "58.50"),
      segmentRow("n3", "2026-10", null, "3", "100.00"),
      segmentRow("p1", "2026-11", "pro", "-7", "100.00"), // a group of one
    };
    assertDataFrameNoOrderEquals(
        df(normalized, logRows), Normalizer.normalize(scores(scores, logRows), logMinMax));
  }

  private static Object[] segmentRow(
      String customer, String month, String plan, String raw, String normalized) {
    Object[] r = row(customer, month, raw, normalized);
    return new Object[] {r[0], r[1], r[2], r[3], plan, r[4], r[5]};
  }
}
