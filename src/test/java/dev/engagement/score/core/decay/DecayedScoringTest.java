package dev.engagement.score.core.decay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.core.scoring.ScoreAggregator;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.core.weights.WeightSource;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Fingerprint;
import dev.engagement.score.model.Period;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Recency decay through the job's transforms: the decayed weights of {@link PeriodWeights}, then
 * daily counts weighted by their age in {@link ScoringPipeline#sumPeriods}. Half-life 7 days
 * throughout; the factors 0.5^(age/7) are 1, 0.905723664.., 0.820335356.., 0.742997144..,
 * 0.672950096.., 0.609506827.., 0.552044757.. for ages 0 to 6, then exactly 0.5 at 7 and 0.25 at
 * 14.
 */
class DecayedScoringTest extends SparkTestBase {
  private static final OptionalInt HALF_LIFE_7 = OptionalInt.of(7);

  private static final StructType DAILY_COUNTS = TestSchemas.DAILY_COUNTS;

  private static final StructType SCORES = TestSchemas.PERIOD_SCORES;

  private static Period rolling(int days, String end) {
    LocalDate last = LocalDate.parse(end);
    return new Period("rolling_" + days + "d", last.minusDays(days - 1), last);
  }

  private static Object[] day(String customer, String date, String type, long n) {
    return new Object[] {customer, Date.valueOf(date), type, null, n};
  }

  private static Object[] score(Period p, String customer, long count, String raw, String last) {
    return new Object[] {
      customer,
      p.kind(),
      Date.valueOf(p.start()),
      Date.valueOf(p.end()),
      count,
      new BigDecimal(raw),
      Date.valueOf(last)
    };
  }

  private Dataset<Row> scores(Dataset<Row> dailyCounts, List<Period> periods, String... weights) {
    return ScoreAggregator.score(
        ScoringPipeline.sumPeriods(
            dailyCounts,
            periods,
            PeriodWeights.of(spark(), TestSchemas.undatedWeights(weights), periods, HALF_LIFE_7)));
  }

  @Test
  void theDecayedWeightTableHasOneRowPerTypeAndAgeRoundedOnce() {
    // 8 days, Oct 24..31: ages 0 (Oct 31) to 7 (Oct 24). Each decayed weight is weight x factor,
    // rounded half-even to 6 places: 1 x 0.905723664.. = 0.905724, -5 x 0.905723664.. =
    // -4.528618321.. = -4.528618, -5 x 0.820335356.. = -4.101676780.. = -4.101677, and so on;
    // age 7 is exactly half: 0.5 and -2.5.
    Period week = rolling(8, "2026-10-31");
    String[][] expected = {
      {"1.000000", "-5.000000"},
      {"0.905724", "-4.528618"},
      {"0.820335", "-4.101677"},
      {"0.742997", "-3.714986"},
      {"0.672950", "-3.364750"},
      {"0.609507", "-3.047534"},
      {"0.552045", "-2.760224"},
      {"0.500000", "-2.500000"}
    };
    // The version: the fingerprint of the period's weights and of the half-life.
    String version =
        Fingerprint.of(
            Map.of(
                "weights",
                WeightSource.WeightTable.version(
                    Map.of(
                        "login",
                        new BigDecimal("1.000000"),
                        "refund",
                        new BigDecimal("-5.000000"))),
                "decay.half_life_days",
                "7"));
    List<Object[]> rows = new ArrayList<>();
    for (int age = 0; age < expected.length; age++) {
      for (int t = 0; t < 2; t++) {
        rows.add(
            new Object[] {
              week.kind(),
              Date.valueOf(week.start()),
              Date.valueOf(week.end()),
              t == 0 ? "login" : "refund",
              new BigDecimal(expected[age][t]),
              version,
              null, // no category
              age
            });
      }
    }
    assertDataFrameNoOrderEquals(
        df(PeriodWeights.DECAYED_SCHEMA, rows.toArray(Object[][]::new)),
        PeriodWeights.of(
            spark(),
            TestSchemas.undatedWeights("login", "1", "refund", "-5"),
            List.of(week),
            HALF_LIFE_7));
  }

  @Test
  void aDecayedRawScoreIsTheExactSumOfDecayedWeightTimesCount() {
    // 15 days, Oct 17..31 (ages 0 on Oct 31 to 14 on Oct 17).
    Period window = rolling(15, "2026-10-31");
    Dataset<Row> counts =
        df(
            DAILY_COUNTS,
            // c1: 2 logins at age 0 -> 2 x 1 = 2; 1 login at age 3 -> 0.742997; a team member
            // added at age 7 -> 10 x 0.5 = 5. 2 + 0.742997 + 5 = 7.742997, 4 events.
            day("c1", "2026-10-31", "login", 2),
            day("c1", "2026-10-28", "login", 1),
            day("c1", "2026-10-24", "team_member_added", 1),
            day("c1", "2026-10-16", "login", 9), // before the window: not this period's
            new Object[] {
              "c1", Date.valueOf("2026-10-31"), "legacy_click", RejectReason.UNKNOWN_EVENT_TYPE, 2L
            },
            new Object[] {"c1", null, "login", RejectReason.MISSING_EVENT_TIME, 1L},
            // cneg, a negative weight decaying towards 0: a cancellation at age 14 -> -20 x 0.25 =
            // -5; one at age 3 -> -20 x 0.742997144.. = -14.859942891.. -> -14.859943; 3 logins at
            // age 1 -> 3 x 0.905724 = 2.717172 (the weight is rounded before it is multiplied:
            // not 3 x 0.905723664.. = 2.717170993.. -> 2.717171).
            // -5 - 14.859943 + 2.717172 = -17.142771, 5 events.
            day("cneg", "2026-10-17", "cancellation_requested", 1),
            day("cneg", "2026-10-28", "cancellation_requested", 1),
            day("cneg", "2026-10-30", "login", 3));
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            score(window, "c1", 4, "7.742997", "2026-10-31"),
            score(window, "cneg", 5, "-17.142771", "2026-10-30")),
        scores(
            counts,
            List.of(window),
            "login",
            "1",
            "team_member_added",
            "10",
            "cancellation_requested",
            "-20"));
  }

  @Test
  void aDayInTwoRollingWindowsHasAnAgeInEach() {
    // Oct 24 is the last day of the window Oct 17..24 (age 0: 10 x 1 = 10) and 7 days before the
    // end of the window Oct 24..31 (age 7: 10 x 0.5 = 5), where the login of Oct 31 adds 1 x 1.
    Period first = rolling(8, "2026-10-24");
    Period second = rolling(8, "2026-10-31");
    Dataset<Row> counts =
        df(
            DAILY_COUNTS,
            day("c1", "2026-10-24", "team_member_added", 1),
            day("c1", "2026-10-31", "login", 1));
    assertDataFrameNoOrderEquals(
        df(
            SCORES,
            score(first, "c1", 1, "10", "2026-10-24"),
            score(second, "c1", 2, "6", "2026-10-31")),
        scores(counts, List.of(first, second), "login", "1", "team_member_added", "10"));
  }

  @Test
  void categoriesSumTheDecayedWeightsOfTheirTypes() {
    // The 8-day window Oct 24..31: a login on Oct 31 (age 0: 1) and a team member added on Oct 24
    // (age 7: 10 x 0.5 = 5). Categories: login in product, team_member_added in team. Each event
    // counts once although the weights have a row per age: raw 6, product 1, team 5.
    Period window = rolling(8, "2026-10-31");
    List<WeightSource.Weight> weights =
        List.of(
            new WeightSource.Weight("login", new BigDecimal("1.000000"), null, null, "product"),
            new WeightSource.Weight(
                "team_member_added", new BigDecimal("10.000000"), null, null, "team"));
    Dataset<Row> sums =
        ScoringPipeline.sumPeriods(
            df(
                DAILY_COUNTS,
                day("c1", "2026-10-31", "login", 1),
                day("c1", "2026-10-24", "team_member_added", 1)),
            List.of(window),
            PeriodWeights.of(
                spark(), WeightSource.table(weights, false), List.of(window), HALF_LIFE_7),
            new Categories(
                Map.of("product", new BigDecimal("50"), "team", new BigDecimal("50")), false));
    Row row = ScoreAggregator.score(sums).first();
    assertThat(row.<Long>getAs(Columns.EVENT_COUNT)).isEqualTo(2L);
    assertThat(row.<BigDecimal>getAs(Columns.RAW_SCORE)).isEqualByComparingTo("6");
    assertThat(row.<String, BigDecimal>getJavaMap(row.fieldIndex(Columns.SUB_RAW_SCORES)))
        .hasSize(2)
        .hasEntrySatisfying("product", v -> assertThat(v).isEqualByComparingTo("1"))
        .hasEntrySatisfying("team", v -> assertThat(v).isEqualByComparingTo("5"));
  }
}
