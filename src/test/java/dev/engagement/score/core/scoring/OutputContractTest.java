package dev.engagement.score.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class OutputContractTest extends SparkTestBase {
  private static final StructType SCORED =
      new StructType()
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.TIER, DataTypes.StringType);
  private static final TierRules TIERS = TierRules.parse("[{name = low, max = 10}, {name = high}]");
  private static final Normalization ON =
      new Normalization(
          Normalization.Method.MINMAX,
          BigDecimal.ZERO,
          BigDecimal.TEN,
          Optional.empty(),
          Optional.empty());
  private static final Normalization ZSCORE =
      new Normalization(
          Normalization.Method.ZSCORE,
          BigDecimal.ZERO,
          BigDecimal.TEN,
          Optional.empty(),
          Optional.empty());
  private static final Normalization OFF =
      new Normalization(
          Normalization.Method.NONE,
          BigDecimal.ZERO,
          BigDecimal.TEN,
          Optional.empty(),
          Optional.empty());

  private static Object[] row(String normalized, String tier) {
    return new Object[] {normalized == null ? null : new BigDecimal(normalized), tier};
  }

  @Test
  void rowsThatKeepTheRulesPassUnchanged() {
    var ok = df(SCORED, row("0.00", "low"), row("10.00", "high"));
    assertThat(OutputContract.enforce(ok, rules(ON)).collectAsList())
        .containsExactlyInAnyOrderElementsOf(ok.collectAsList());
    var off = df(SCORED, row(null, "low"));
    assertThat(OutputContract.enforce(off, rules(OFF)).collectAsList())
        .containsExactlyElementsOf(off.collectAsList());
  }

  @Test
  void aBrokenRuleFailsTheComputationNamingTheRuleAndTheRow() {
    assertThatThrownBy(
            () -> OutputContract.enforce(df(SCORED, row("10.01", "low")), rules(ON)).collect())
        .hasStackTraceContaining("breaks the output contract (normalized_score between 0 and 10)")
        .hasStackTraceContaining("\"normalized_score\":10.01");
    assertThatThrownBy(
            () -> OutputContract.enforce(df(SCORED, row("5.00", "medium")), rules(ON)).collect())
        .hasStackTraceContaining("(tier in [low, high])");
    assertThatThrownBy(
            () -> OutputContract.enforce(df(SCORED, row("5.00", null)), rules(ON)).collect())
        .hasStackTraceContaining("(tier in [low, high])");
    assertThatThrownBy(
            () -> OutputContract.enforce(df(SCORED, row("1.00", "low")), rules(OFF)).collect())
        .hasStackTraceContaining("(normalized_score is null)");
  }

  @Test
  void zScoresMayLieOutsideTheRangeButNotBeNull() {
    // A range of 0..10 is not a bound for z-scores: -3.50 and 12.00 pass.
    var ok = df(SCORED, row("-3.50", "low"), row("12.00", "high"));
    assertThat(OutputContract.enforce(ok, rules(ZSCORE)).collectAsList())
        .containsExactlyInAnyOrderElementsOf(ok.collectAsList());
    assertThatThrownBy(
            () -> OutputContract.enforce(df(SCORED, row(null, "low")), rules(ZSCORE)).collect())
        .hasStackTraceContaining("breaks the output contract (normalized_score is not null)");
  }

  private static ScoreRules rules(Normalization normalization) {
    return new ScoreRules(
        normalization, TIERS, false, Categories.OFF, OptionalInt.empty(), Map.of());
  }
}
