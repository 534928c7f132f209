package dev.engagement.score.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class TierRulesTest {
  @Test
  void parsesTheDefaultScheme() {
    TierRules rules =
        TierRules.parse(
            "at_risk < 0, disengaged <= 40, somewhat_engaged <= 70, engaged <= 100, power_user");
    assertThat(rules.tiers())
        .containsExactly(
            new TierRules.Tier("at_risk", new BigDecimal("0"), false),
            new TierRules.Tier("disengaged", new BigDecimal("40"), true),
            new TierRules.Tier("somewhat_engaged", new BigDecimal("70"), true),
            new TierRules.Tier("engaged", new BigDecimal("100"), true),
            new TierRules.Tier("power_user", null, false));
  }

  @Test
  void aSingleTierTakesEveryScore() {
    assertThat(TierRules.parse("everyone").tiers())
        .containsExactly(new TierRules.Tier("everyone", null, false));
  }

  @Test
  void aOneValueTierBetweenExclusiveAndInclusiveBoundsIsAllowed() {
    assertThat(TierRules.parse("negative < 0, zero <= 0, positive").tiers()).hasSize(3);
  }

  @Test
  void overlappingOrUnorderedTiersAreRejected() {
    assertThatThrownBy(() -> TierRules.parse("low <= 50, mid <= 40, high"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("tier 'mid' does not start above tier 'low'")
        .hasMessageContaining("Example: tiers = at_risk < 0");
    assertThatThrownBy(() -> TierRules.parse("low <= 50, mid <= 50, high"))
        .hasMessageContaining("tier 'mid' does not start above tier 'low'");
  }

  @Test
  void gapsAndMalformedTiersAreRejected() {
    assertThatThrownBy(() -> TierRules.parse("low <= 50, high <= 100"))
        .hasMessageContaining("the last tier 'high' must have no bound");
    assertThatThrownBy(() -> TierRules.parse("low, high"))
        .hasMessageContaining("tier 'low' needs a bound");
    assertThatThrownBy(() -> TierRules.parse("low <= ten, high"))
        .hasMessageContaining("the bound 'ten' of tier 'low' is not a number");
    assertThatThrownBy(() -> TierRules.parse("low <= 1, low"))
        .hasMessageContaining("tier 'low' appears twice");
    assertThatThrownBy(() -> TierRules.parse("low >= 1, high"))
        .hasMessageContaining("'low >= 1' is not `name < bound`");
  }
}
