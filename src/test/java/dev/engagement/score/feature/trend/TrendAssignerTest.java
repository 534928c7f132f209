package dev.engagement.score.feature.trend;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.core.scoring.History;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TrendAssignerTest extends SparkTestBase {
  private static final Date AUG = Date.valueOf("2026-08-01");
  private static final Date SEP = Date.valueOf("2026-09-01");
  private static final Date OCT = Date.valueOf("2026-10-01");

  /** Scores in the shape of the history they are compared with. */
  /** What a trend reads of the scores and the history ({@link History#SCHEMA}'s first columns). */
  private static final StructType SCORES =
      new StructType(Arrays.copyOf(History.SCHEMA.fields(), 5));

  private static final StructType TRENDED =
      SCORES
          .add(Columns.PREVIOUS_RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.PREVIOUS_NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.RAW_SCORE_CHANGE, Columns.RAW_SCORE_TYPE)
          .add(Columns.NORMALIZED_SCORE_CHANGE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.TREND, DataTypes.StringType);

  private static final StructType PREVIOUS = History.PREVIOUS_PERIODS;

  private static BigDecimal d(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static Object[] score(String customer, Date start, String raw, String normalized) {
    return new Object[] {customer, "month", start, d(raw), d(normalized)};
  }

  private static Object[] trended(
      String customer,
      String raw,
      String normalized,
      String prevRaw,
      String prevNormalized,
      String rawChange,
      String normalizedChange,
      String trend) {
    return new Object[] {
      customer,
      "month",
      OCT,
      d(raw),
      d(normalized),
      d(prevRaw),
      d(prevNormalized),
      d(rawChange),
      d(normalizedChange),
      trend
    };
  }

  private static final Object[][] OCTOBER = {
    score("a", OCT, "145", "100.00"),
    score("b", OCT, "12", "50.00"),
    score("c", OCT, "-15", "0.00"),
    score("d", OCT, "30", "30.00"),
    score("e", OCT, "7", "20.00"),
    score("f", OCT, "105", "90.00"),
  };

  private Dataset<Row> assign(Trend trend) {
    Object[][] earlier = {
      score("a", SEP, "100", "80.00"),
      score("b", SEP, "10", "60.00"),
      score("c", SEP, "0", "0.00"),
      score("d", AUG, "20", "10.00"),
      score("f", SEP, "100", "80.00"),
    };
    Object[][] history = Arrays.copyOf(OCTOBER, OCTOBER.length + earlier.length);
    System.arraycopy(earlier, 0, history, OCTOBER.length, earlier.length);
    return TrendAssigner.assign(
        df(SCORES, OCTOBER),
        df(SCORES, history),
        df(PREVIOUS, new Object[] {"month", OCT, SEP}),
        trend);
  }

  @Test
  void comparesWithThePreviousPeriodWithinTheStableBand() {
    // Band 5 on the raw score: a +45 rising; b +2 stable; c -15 falling; f +5 on the band: stable.
    // d has no September score but an August one: returning; e has none before: new.
    assertDataFrameNoOrderEquals(
        df(
            TRENDED,
            trended("a", "145", "100.00", "100", "80.00", "45", "20.00", "rising"),
            trended("b", "12", "50.00", "10", "60.00", "2", "-10.00", "stable"),
            trended("c", "-15", "0.00", "0", "0.00", "-15", "0.00", "falling"),
            trended("d", "30", "30.00", null, null, null, null, "returning"),
            trended("e", "7", "20.00", null, null, null, null, "new"),
            trended("f", "105", "90.00", "100", "80.00", "5", "10.00", "stable")),
        assign(new Trend(Trend.Score.RAW, new BigDecimal("5"))));
  }

  @Test
  void theDirectionCanFollowTheNormalizedScore() {
    // Band 0 on the normalized score: a +20 rising, b -10 falling, c 0 stable, f +10 rising.
    assertDataFrameNoOrderEquals(
        df(
            TRENDED,
            trended("a", "145", "100.00", "100", "80.00", "45", "20.00", "rising"),
            trended("b", "12", "50.00", "10", "60.00", "2", "-10.00", "falling"),
            trended("c", "-15", "0.00", "0", "0.00", "-15", "0.00", "stable"),
            trended("d", "30", "30.00", null, null, null, null, "returning"),
            trended("e", "7", "20.00", null, null, null, null, "new"),
            trended("f", "105", "90.00", "100", "80.00", "5", "10.00", "rising")),
        assign(new Trend(Trend.Score.NORMALIZED, BigDecimal.ZERO)));
  }

  @Test
  void trendOffLeavesTheColumnsNull() {
    assertDataFrameNoOrderEquals(
        df(
            TRENDED,
            Arrays.stream(OCTOBER)
                .map(
                    r ->
                        trended(
                            (String) r[0],
                            r[3].toString(),
                            r[4].toString(),
                            null,
                            null,
                            null,
                            null,
                            null))
                .toArray(Object[][]::new)),
        assign(new Trend(Trend.Score.NONE, BigDecimal.ZERO)));
  }
}
