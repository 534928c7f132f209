package dev.engagement.score.core.scoring;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TierAssignerTest extends SparkTestBase {
  private static final TierRules DEFAULT =
      TierRules.parse(
          "[{name = at_risk, below = 0}, {name = disengaged, max = 40}, {name = somewhat_engaged, max = 70}, {name = engaged, max = 100}, {name = power_user}]");
  private static final StructType SCORES =
      new StructType()
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE);
  private static final StructType TIERED = SCORES.add(Columns.TIER, DataTypes.StringType, false);

  private static Object[] row(String raw, String normalized, String tier) {
    return new Object[] {
      new BigDecimal(raw), normalized == null ? null : new BigDecimal(normalized), tier
    };
  }

  @Test
  void everyDefaultBoundaryFallsOnItsUpperInclusiveSide() {
    Object[][] rows = {
      row("-15", null, "at_risk"),
      row("-0.000001", null, "at_risk"),
      row("0", null, "disengaged"),
      row("40", null, "disengaged"),
      row("40.5", null, "somewhat_engaged"),
      row("41", null, "somewhat_engaged"),
      row("70", null, "somewhat_engaged"),
      row("70.000001", null, "engaged"),
      row("71", null, "engaged"),
      row("100", null, "engaged"),
      row("100.000001", null, "power_user"),
      row("101", null, "power_user"),
      row("145", null, "power_user"),
    };
    assertDataFrameNoOrderEquals(
        df(TIERED, rows), TierAssigner.assign(df(SCORES, strip(rows)), DEFAULT, false));
  }

  @Test
  void tiersCanApplyToTheNormalizedScore() {
    TierRules rules =
        TierRules.parse("[{name = low, max = 40}, {name = mid, max = 80}, {name = high}]");
    Object[][] rows = {
      row("-50", "40.00", "low"),
      row("500", "40.01", "mid"),
      row("0", "80.00", "mid"),
      row("1", "80.01", "high"),
    };
    assertDataFrameNoOrderEquals(
        df(TIERED, rows), TierAssigner.assign(df(SCORES, strip(rows)), rules, true));
  }

  @Test
  void aSingleTierTakesEveryScore() {
    Object[][] rows = {row("-1", null, "all"), row("1000", null, "all")};
    assertDataFrameNoOrderEquals(
        df(TIERED, rows),
        TierAssigner.assign(df(SCORES, strip(rows)), TierRules.parse("[{name = all}]"), false));
  }

  private static Object[][] strip(Object[][] rows) {
    return Arrays.stream(rows).map(r -> Arrays.copyOf(r, 2)).toArray(Object[][]::new);
  }
}
