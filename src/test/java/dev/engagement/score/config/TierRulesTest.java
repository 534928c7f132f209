package dev.engagement.score.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class TierRulesTest {
  private static final String EXAMPLE =
      " Example: tiers.rules = [{ name = at_risk, below = 0 }, { name = disengaged, max = 40 },"
          + " ..., { name = power_user }]";

  @Test
  void parsesTheDefaultSchemeWithExactBounds() {
    TierRules rules =
        TierRules.parse(
            "[{name = at_risk, below = 0}, {name = disengaged, max = 40.10},"
                + " {name = engaged, max = \"100\"}, {name = power_user}]");
    assertThat(rules.tiers())
        .containsExactly(
            new TierRules.Tier("at_risk", new BigDecimal("0"), false),
            new TierRules.Tier("disengaged", new BigDecimal("40.10"), true),
            new TierRules.Tier("engaged", new BigDecimal("100"), true),
            new TierRules.Tier("power_user", null, false));
    // The bound as written, not through a double: 40.10 keeps its scale.
    assertThat(rules.tiers().get(1).bound().scale()).isEqualTo(2);
  }

  @Test
  void aSingleTierTakesEveryScore() {
    assertThat(TierRules.parse("[{name = everyone}]").tiers())
        .containsExactly(new TierRules.Tier("everyone", null, false));
  }

  @Test
  void aOneValueTierBetweenExclusiveAndInclusiveBoundsIsAllowed() {
    assertThat(
            TierRules.parse(
                    "[{name = negative, below = 0}, {name = zero, max = 0}, {name = positive}]")
                .tiers())
        .hasSize(3);
  }

  @Test
  void overlappingOrUnorderedTiersAreRejected() {
    assertThatThrownBy(
            () -> TierRules.parse("[{name = low, max = 50}, {name = mid, max = 40}, {name = hi}]"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid tiers.rules: tier 'mid' does not start above tier 'low': bounds must ascend"
                + " so that tiers neither overlap nor leave gaps."
                + EXAMPLE
                + " (tiers.rules[1].max: tiers.rules line 1)");
    assertThatThrownBy(
            () -> TierRules.parse("[{name = low, max = 50}, {name = mid, max = 50}, {name = hi}]"))
        .hasMessageContaining("tier 'mid' does not start above tier 'low'");
  }

  @Test
  void gapsAndMalformedTiersAreRejected() {
    assertThatThrownBy(() -> TierRules.parse("[{name = low, max = 50}, {name = high, max = 100}]"))
        .hasMessage(
            "The last tier 'high' must have no bound (it takes every higher score) (tiers.rules"
                + " line 1)."
                + EXAMPLE);
    assertThatThrownBy(() -> TierRules.parse("[{name = low}, {name = high}]"))
        .hasMessageStartingWith(
            "Tier 'low' needs a bound, below (exclusive) or max (inclusive); only the last tier"
                + " has none");
    assertThatThrownBy(() -> TierRules.parse("[{name = low, max = ten}, {name = high}]"))
        .hasMessage("Invalid tiers.rules[0].max 'ten' (tiers.rules line 1): use a number, e.g. 40");
    assertThatThrownBy(() -> TierRules.parse("[{name = low, max = 1}, {name = low}]"))
        .hasMessage(
            "Invalid tiers.rules[1].name 'low' (tiers.rules line 1): tier 'low' appears twice");
    assertThatThrownBy(() -> TierRules.parse("[{name = low, min = 1}, {name = high}]"))
        .hasMessage(
            "Unknown key 'min' in tiers.rules[0] (tiers.rules line 1): use below, max or name,"
                + " e.g. { name = engaged, max = 100 }");
    assertThatThrownBy(() -> TierRules.parse("[{name = low, below = 1, max = 2}, {name = hi}]"))
        .hasMessageStartingWith("Tier 'low' has both below and max: give one upper bound.");
    assertThatThrownBy(() -> TierRules.parse("[]"))
        .hasMessageStartingWith("Invalid tiers.rules '[]' (tiers.rules line 1): give at least");
    assertThatThrownBy(() -> TierRules.parse("\"low < 0, high\""))
        .hasMessage(
            "Invalid tiers.rules (tiers.rules line 1): it is a text \"low < 0, high\", but must be"
                + " a list, e.g. tiers.rules = [{ name = at_risk, below = 0 }, { name = disengaged,"
                + " max = 40 }, ..., { name = power_user }]");
  }
}
