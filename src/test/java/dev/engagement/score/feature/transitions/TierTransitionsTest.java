package dev.engagement.score.feature.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.feature.trend.TrendAssigner;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TierTransitionsTest extends SparkTestBase {
  private static final Date AUG = Date.valueOf("2026-08-01");
  private static final Date SEP = Date.valueOf("2026-09-01");
  private static final Date OCT = Date.valueOf("2026-10-01");
  private static final Date OCT_END = Date.valueOf("2026-10-31");

  private static final TierRules TIERS =
      TierRules.parse(
          "[{name = at_risk, below = 0}, {name = disengaged, max = 40}, {name = somewhat_engaged, max = 70}, {name = engaged, max = 100}, {name = x}]");

  /** The scored rows, with a trend column of the score table that the transform must not take. */
  private static final StructType SCORES =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.TIER, DataTypes.StringType)
          .add(Columns.PREVIOUS_RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.DAYS_SINCE_LAST_EVENT, DataTypes.IntegerType);

  private static final StructType TRANSITIONS =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.PREVIOUS_TIER, DataTypes.StringType)
          .add(Columns.TIER, DataTypes.StringType)
          .add(Columns.PREVIOUS_RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.RAW_SCORE_CHANGE, Columns.RAW_SCORE_TYPE)
          .add(Columns.RAW_SCORE_CHANGE_PCT, TierTransitions.PCT_TYPE)
          .add(Columns.PREVIOUS_RANK, DataTypes.IntegerType)
          .add(Columns.RANK, DataTypes.IntegerType, false)
          .add(Columns.RANK_CHANGE, DataTypes.IntegerType)
          .add(Columns.ALERTS, TierTransitions.ALERTS_TYPE, false)
          .add(Columns.ALERT, DataTypes.BooleanType, false);

  private static BigDecimal d(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static Object[] october(String customer, String raw, String tier, Integer days) {
    // previous_raw_score 999: a stale trend value, never the transition's previous score.
    return new Object[] {customer, "month", OCT, OCT_END, d(raw), tier, d("999"), days};
  }

  private static Object[] stored(String customer, Date start, String raw, String tier) {
    return new Object[] {customer, "month", start, d(raw), tier};
  }

  private static Object[] transition(
      String customer,
      String previousTier,
      String tier,
      String previousRaw,
      String raw,
      String change,
      String pct,
      Integer previousRank,
      int rank,
      Integer rankChange,
      String... alerts) {
    return new Object[] {
      customer,
      "month",
      OCT,
      OCT_END,
      previousTier,
      tier,
      d(previousRaw),
      d(raw),
      d(change),
      d(pct),
      previousRank,
      rank,
      rankChange,
      Arrays.asList(alerts),
      alerts.length > 0
    };
  }

  private static final Object[][] OCTOBER = {
    october("a", "145", "x", 0),
    october("b", "40", "disengaged", 3),
    october("f", "40", "disengaged", 1),
    october("j", "31", "disengaged", 2),
    october("e", "7", "disengaged", 30),
    october("k", "5", "disengaged", 5),
    october("c", "-5", "at_risk", 12),
    october("d", "-15", "at_risk", 40),
    october("h", "-20", "at_risk", null),
  };

  /**
   * September, ranked by raw score (ties share the best rank): a 100 (1), b and f 50 (2), j 32 (4),
   * g 30 (5, not scored in October), c 10 (6), e 0 (7), d and k -10 (8). h has only August.
   */
  private static final Object[][] EARLIER = {
    stored("a", SEP, "100", "engaged"),
    stored("b", SEP, "50", "somewhat_engaged"),
    stored("f", SEP, "50", "somewhat_engaged"),
    stored("j", SEP, "32", "disengaged"),
    stored("g", SEP, "30", "disengaged"),
    stored("c", SEP, "10", "disengaged"),
    stored("e", SEP, "0", "disengaged"),
    stored("d", SEP, "-10", "at_risk"),
    stored("k", SEP, "-10", "at_risk"),
    stored("h", AUG, "5", "disengaged"),
  };

  private Dataset<Row> transitions(Alerts alerts) {
    // The history as ScoringPipeline builds it: the stored periods and this run's own.
    Object[][] history =
        Stream.concat(
                Arrays.stream(EARLIER),
                Arrays.stream(OCTOBER)
                    .map(r -> stored((String) r[0], OCT, r[4].toString(), (String) r[5])))
            .toArray(Object[][]::new);
    return TierTransitions.of(
        df(SCORES, OCTOBER),
        df(TierTransitions.HISTORY, history),
        df(TrendAssigner.PREVIOUS_PERIODS, new Object[] {"month", OCT, SEP}),
        alerts);
  }

  private static final Alerts RULES =
      Alerts.parse("[{fell_into = at_risk}, {dropped_pct = 20}, {no_events_days = 30}]", TIERS);

  @Test
  void comparesWithThePreviousPeriodAndFiresTheAlerts() {
    // October, ranked: a 145 (1), b and f 40 (2), j 31 (4), e 7 (5), k 5 (6), c -5 (7), d -15 (8),
    // h -20 (9). Percent = change x 100 / |previous|, half-up to 2 decimals:
    // a +45 x 100 / 100 = 45.00; b, f -10 x 100 / 50 = -20.00 (not more than 20: no alert);
    // j -1 x 100 / 32 = -3.125 -> -3.13; e +7 over 0: null; k +15 x 100 / |-10| = 150.00;
    // c -15 x 100 / 10 = -150.00; d -5 x 100 / |-10| = -50.00 (fell further below zero).
    // fell_into:at_risk: c only (d was at_risk already, h has no previous tier).
    // no_events_days:30: e (30 days), d (40), h (never active: null days).
    assertDataFrameNoOrderEquals(
        df(
            TRANSITIONS,
            transition("a", "engaged", "x", "100", "145", "45", "45.00", 1, 1, 0),
            transition("b", "somewhat_engaged", "disengaged", "50", "40", "-10", "-20.00", 2, 2, 0),
            transition("f", "somewhat_engaged", "disengaged", "50", "40", "-10", "-20.00", 2, 2, 0),
            transition("j", "disengaged", "disengaged", "32", "31", "-1", "-3.13", 4, 4, 0),
            transition(
                "e", "disengaged", "disengaged", "0", "7", "7", null, 7, 5, 2, "no_events_days:30"),
            transition("k", "at_risk", "disengaged", "-10", "5", "15", "150.00", 8, 6, 2),
            transition(
                "c",
                "disengaged",
                "at_risk",
                "10",
                "-5",
                "-15",
                "-150.00",
                6,
                7,
                -1,
                "fell_into:at_risk",
                "dropped_pct:20"),
            transition(
                "d",
                "at_risk",
                "at_risk",
                "-10",
                "-15",
                "-5",
                "-50.00",
                8,
                8,
                0,
                "dropped_pct:20",
                "no_events_days:30"),
            transition(
                "h", null, "at_risk", null, "-20", null, null, null, 9, null, "no_events_days:30")),
        transitions(RULES));
  }

  @Test
  void countsTheRowsEachRuleFiredOnInConfiguredOrder() {
    // From the rows above: fell_into:at_risk c; dropped_pct:20 c, d; no_events_days:30 e, d, h.
    // fell_into:engaged never fires and is counted 0.
    Alerts rules =
        Alerts.parse(
            "[{no_events_days = 30}, {fell_into = engaged}, {dropped_pct = 20}, {fell_into = at_risk}]",
            TIERS);

    Map<String, Long> counts = TierTransitions.alertCounts(transitions(rules), rules);

    assertThat(counts)
        .as("alert counts")
        .containsExactly(
            Map.entry("no_events_days:30", 3L),
            Map.entry("fell_into:engaged", 0L),
            Map.entry("dropped_pct:20", 2L),
            Map.entry("fell_into:at_risk", 1L));
  }

  @Test
  void withoutRulesNothingFiresAndNoDaysAreNeeded() {
    Dataset<Row> rows =
        transitions(Alerts.NONE)
            .where(Columns.CUSTOMER_ID + " IN ('c', 'h')")
            .select(Columns.CUSTOMER_ID, Columns.ALERTS, Columns.ALERT);

    assertThat(rows.collectAsList())
        .as("alerts without rules")
        .extracting(r -> r.getString(0) + " " + r.getList(1) + " " + r.getBoolean(2))
        .containsExactlyInAnyOrder("c [] false", "h [] false");
    assertThat(TierTransitions.alertCounts(rows, Alerts.NONE)).isEmpty();
    assertThat(
            TierTransitions.of(
                    df(SCORES, OCTOBER).drop(Columns.DAYS_SINCE_LAST_EVENT),
                    df(TierTransitions.HISTORY, EARLIER),
                    df(TrendAssigner.PREVIOUS_PERIODS, new Object[] {"month", OCT, SEP}),
                    Alerts.parse("[{fell_into = at_risk}]", TIERS))
                .count())
        .isEqualTo(9);
  }

  @Test
  void percentIsOfThePreviousMagnitudeRoundedOnce() {
    // -1 x 100 / 32 = -3.125 -> -3.13 (half-up); +3 x 100 / |-8| = 37.5 -> 37.50;
    // 1 x 100 / 3 = 33.333... -> 33.33; over 0 or without a previous score: null.
    assertThat(TierTransitions.percent(d("-1"), d("32"))).isEqualByComparingTo("-3.13");
    assertThat(TierTransitions.percent(d("3"), d("-8"))).isEqualByComparingTo("37.50");
    assertThat(TierTransitions.percent(d("1"), d("3"))).isEqualByComparingTo("33.33");
    assertThat(TierTransitions.percent(d("5"), d("0.000000"))).isNull();
    assertThat(TierTransitions.percent(null, null)).isNull();
    assertThat(List.of(TierTransitions.SCHEMA.fieldNames()))
        .as("the table ends with the columns every companion table has")
        .endsWith(Columns.SCORED_AT, Columns.JOB_VERSION, Columns.RUN_ID);
  }
}
