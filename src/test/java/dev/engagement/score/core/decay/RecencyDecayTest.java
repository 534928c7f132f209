package dev.engagement.score.core.decay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Decayed weights, worked out by hand: {@code weight x 0.5^(age / h)}, rounded half-even. */
@Tag("fast")
class RecencyDecayTest {
  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  private static String decayed(int halfLife, String weight, int age) {
    return new RecencyDecay(halfLife).weight(d(weight).setScale(6), age).toPlainString();
  }

  @Test
  void wholeHalfLivesHalveTheWeightExactly() {
    // h = 7: age 0 -> 0.5^0 = 1; age 7 -> 0.5; age 14 -> 0.25; age 28 -> 0.5^4 = 0.0625.
    assertThat(decayed(7, "10", 0)).isEqualTo("10.000000");
    assertThat(decayed(7, "10", 7)).isEqualTo("5.000000");
    assertThat(decayed(7, "10", 14)).isEqualTo("2.500000");
    assertThat(decayed(7, "0.1", 28)).isEqualTo("0.006250"); // 0.1 x 0.0625
    // Negative weights decay towards 0 the same way: -20 x 0.25 = -5.
    assertThat(decayed(7, "-20", 14)).isEqualTo("-5.000000");
    // h = 1: 1 x 0.5^20 = 0.00000095367431640625 -> 0.000001; 0.5^21 = 0.000000476.. -> 0.
    assertThat(decayed(1, "1", 20)).isEqualTo("0.000001");
    assertThat(decayed(1, "1", 21)).isEqualTo("0.000000");
  }

  @Test
  void otherAgesRoundTheDecayedWeightOnceHalfEvenToSixPlaces() {
    // h = 7: 0.5^(1/7) = 0.905723664263906.. ; 0.5^(3/7) = 0.742997144568474..
    assertThat(decayed(7, "1", 1)).isEqualTo("0.905724");
    assertThat(decayed(7, "1", 3)).isEqualTo("0.742997");
    // -20 x 0.742997144568474 = -14.859942891369.. -> -14.859943 (away from zero: not a tie).
    assertThat(decayed(7, "-20", 3)).isEqualTo("-14.859943");
    // Age 29 = 4 x 7 + 1: 0.1 x 0.0625 x 0.905723664263906 = 0.005660772901649.. -> 0.005661.
    assertThat(decayed(7, "0.1", 29)).isEqualTo("0.005661");
    // Ties (exact, since 0.5^1 is) go to the even last digit, not away from zero:
    // 0.000001 x 0.5 = 0.0000005 -> 0.000000; 0.000003 x 0.5 = 0.0000015 -> 0.000002;
    // 0.000005 x 0.5 = 0.0000025 -> 0.000002; -0.000003 x 0.5 = -0.0000015 -> -0.000002.
    assertThat(decayed(7, "0.000001", 7)).isEqualTo("0.000000");
    assertThat(decayed(7, "0.000003", 7)).isEqualTo("0.000002");
    assertThat(decayed(7, "0.000005", 7)).isEqualTo("0.000002");
    assertThat(decayed(7, "-0.000003", 7)).isEqualTo("-0.000002");
  }

  @Test
  void factorsAreExactPowersOfAHalfOrCarry34SignificantDigits() {
    // Powers of 0.5 are exact decimals: 0.5^4 = 0.0625, 0.5^30 = 0.000000000931322574615478515625.
    assertThat(new RecencyDecay(7).factor(28)).isEqualByComparingTo("0.0625");
    assertThat(new RecencyDecay(1).factor(30))
        .isEqualByComparingTo("0.000000000931322574615478515625");
    // Irrational factors to 34 significant digits, checked against an independent 80-digit
    // computation (Python's decimal module, 0.5 ** (Decimal(a) / Decimal(h))):
    // 0.5^(3/7) = 0.74299714456847421239992664335729630316..
    assertThat(new RecencyDecay(7).factor(3).toPlainString())
        .isEqualTo("0.7429971445684742123999266433572963");
    // 0.5^(29/7) = 0.056607729016494166974635804575943949231..
    assertThat(new RecencyDecay(7).factor(29).toPlainString())
        .isEqualTo("0.05660772901649416697463580457594395");
    // 0.5^(1/2) = 0.70710678118654752440084436210484903928..
    assertThat(new RecencyDecay(2).factor(1).toPlainString())
        .isEqualTo("0.7071067811865475244008443621048490");
    // The longest half-life: 0.5^(36499/36500) = 0.50000949525701574990828496766559774218..
    assertThat(new RecencyDecay(36500).factor(36499).toPlainString())
        .isEqualTo("0.5000094952570157499082849676655977");
  }
}
