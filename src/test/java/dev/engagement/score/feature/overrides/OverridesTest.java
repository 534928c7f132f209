package dev.engagement.score.feature.overrides;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class OverridesTest extends SparkTestBase {
  private static final Date OCT = Date.valueOf("2026-10-01");
  private static final Date OCT_END = Date.valueOf("2026-10-31");
  private static final TierRules TIERS =
      TierRules.parse(
          "[{name = at_risk, below = 0}, {name = disengaged, max = 40}, {name = somewhat_engaged, max = 70}, {name = engaged, max = 100}, {name = power_user}]");

  private static final StructType SCORES =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.TIER, DataTypes.StringType);

  private static final StructType OVERRIDDEN =
      SCORES
          .add(Columns.OVERRIDDEN, DataTypes.BooleanType, false)
          .add(Columns.OVERRIDE_REASON, DataTypes.StringType);

  private static Object[] score(String customer, String raw, String normalized, String tier) {
    return new Object[] {
      customer, "month", OCT, OCT_END, new BigDecimal(raw), new BigDecimal(normalized), tier
    };
  }

  private static Object[] result(
      String customer, String raw, String normalized, String tier, String reason) {
    Object[] s = score(customer, raw, normalized, tier);
    return new Object[] {s[0], s[1], s[2], s[3], s[4], s[5], s[6], reason != null, reason};
  }

  private static Object[] override(
      String customer, String from, String to, String score, String tier, String reason) {
    return new Object[] {
      customer,
      Date.valueOf(from),
      Date.valueOf(to),
      score == null ? null : new BigDecimal(score),
      tier,
      reason
    };
  }

  private static final Object[][] OCTOBER = {
    score("a", "150", "100.00", "power_user"),
    score("b", "50", "40.00", "somewhat_engaged"),
    score("c", "80", "60.00", "engaged"),
    score("d", "10", "0.00", "disengaged"),
    score("e", "20", "10.00", "disengaged"),
  };

  @Test
  void forcesTheTieredScoreOrTheTierOfTheCoveredPeriodsOnly() {
    var overrides =
        df(
            Overrides.SCHEMA,
            // Covers October: its last day is the range's only day.
            override("a", "2026-10-31", "2026-10-31", "30", null, "bot traffic"),
            override("b", "2026-10-01", "2026-12-31", null, "at_risk", "open escalation"),
            override("c", "2026-07-01", "2026-10-31", "-10", "engaged", "migration"),
            // November only: not October.
            override("d", "2026-11-01", "2026-11-30", "99", null, "later"));

    assertDataFrameNoOrderEquals(
        df(
            OVERRIDDEN,
            // 30 <= 40: disengaged, from the tier rules; the normalized score stays computed.
            result("a", "30", "100.00", "disengaged", "bot traffic"),
            result("b", "50", "40.00", "at_risk", "open escalation"),
            // A forced tier wins over the forced score's tier (-10 < 0 would be at_risk).
            result("c", "-10", "60.00", "engaged", "migration"),
            result("d", "10", "0.00", "disengaged", null),
            result("e", "20", "10.00", "disengaged", null)),
        Overrides.apply(df(SCORES, OCTOBER), overrides, TIERS, Columns.RAW_SCORE));
  }

  @Test
  void aForcedScoreReplacesTheNormalizedScoreWhenTheTiersUseIt() {
    var overrides =
        df(Overrides.SCHEMA, override("e", "2026-10-01", "2026-10-31", "75.5", null, "pilot"));

    assertDataFrameNoOrderEquals(
        df(
            OVERRIDDEN,
            result("a", "150", "100.00", "power_user", null),
            result("b", "50", "40.00", "somewhat_engaged", null),
            result("c", "80", "60.00", "engaged", null),
            result("d", "10", "0.00", "disengaged", null),
            // 40 < 75.50 <= 100: engaged; raw_score stays computed.
            result("e", "20", "75.50", "engaged", "pilot")),
        Overrides.apply(df(SCORES, OCTOBER), overrides, TIERS, Columns.NORMALIZED_SCORE));
  }

  @Test
  void withoutOverridesNothingIsOverridden() {
    assertDataFrameNoOrderEquals(
        df(
            OVERRIDDEN,
            result("a", "150", "100.00", "power_user", null),
            result("b", "50", "40.00", "somewhat_engaged", null),
            result("c", "80", "60.00", "engaged", null),
            result("d", "10", "0.00", "disengaged", null),
            result("e", "20", "10.00", "disengaged", null)),
        Overrides.none(df(SCORES, OCTOBER)));
  }
}
