package dev.engagement.score.core.decay;

import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Recency decay with a half-life of {@code h} days: an event {@code age} days before its period's
 * last day counts with {@code weight x 0.5^(age / h)}, the decayed weight rounded once, half-even,
 * to the weights' 6 decimal places (see docs/decay.md). Computed on the driver in {@code
 * BigDecimal}, never in doubles, so that scores stay exact sums of these decayed weights.
 */
public final class RecencyDecay {
  private static final BigDecimal HALF = new BigDecimal("0.5");

  /** Precision of a factor that is not a power of 0.5: 34 significant digits (IEEE decimal128). */
  private static final MathContext FACTOR = MathContext.DECIMAL128;

  /** Working precision of the root, a few guard digits beyond {@link #FACTOR}. */
  private static final MathContext WORK = new MathContext(FACTOR.getPrecision() + 6);

  private final int halfLifeDays;

  /** 0.5^(1 / h), to {@link #WORK} digits. */
  private final BigDecimal rootOfHalf;

  /** The factor of each age computed so far: every period of a run shares them. */
  private final Map<Integer, BigDecimal> factors = new HashMap<>();

  public RecencyDecay(int halfLifeDays) {
    if (halfLifeDays < 1) {
      throw new IllegalArgumentException("half-life must be >= 1 day, got " + halfLifeDays);
    }
    this.halfLifeDays = halfLifeDays;
    this.rootOfHalf = nthRootOfHalf(halfLifeDays);
  }

  public int halfLifeDays() {
    return halfLifeDays;
  }

  /**
   * {@code weight x 0.5^(age / h)}, rounded half-even to 6 decimal places: exact when {@code h}
   * divides {@code age} (the factor is then a power of 0.5, exact in decimal) before the rounding.
   */
  public BigDecimal weight(BigDecimal weight, int age) {
    return weight
        .multiply(factor(age))
        .setScale(Columns.WEIGHT_TYPE.scale(), RoundingMode.HALF_EVEN);
  }

  /**
   * {@code 0.5^(age / h)} = {@code 0.5^q x (0.5^(1/h))^r} with {@code age = q x h + r}: the power
   * of 0.5 exact, the root's power (irrational for {@code r > 0}) rounded to 34 significant digits.
   */
  BigDecimal factor(int age) {
    if (age < 0) {
      throw new IllegalArgumentException("age must be >= 0, got " + age);
    }
    return factors.computeIfAbsent(
        age,
        a -> {
          BigDecimal whole = HALF.pow(a / halfLifeDays);
          int rest = a % halfLifeDays;
          return rest == 0 ? whole : whole.multiply(rootOfHalf.pow(rest, WORK)).round(FACTOR);
        });
  }

  /**
   * The {@code n}-th root of 0.5 by Newton's method on {@code x^n = 0.5} in {@code BigDecimal},
   * from a double's 15 correct digits: each step roughly doubles them, so a few steps reach {@link
   * #WORK}, and the loop stops when a step changes the root by less than its last digits.
   */
  private static BigDecimal nthRootOfHalf(int n) {
    if (n == 1) {
      return HALF;
    }
    BigDecimal size = BigDecimal.valueOf(n);
    BigDecimal sizeLessOne = BigDecimal.valueOf(n - 1L);
    BigDecimal tolerance = BigDecimal.ONE.movePointLeft(WORK.getPrecision() - 2);
    BigDecimal x = new BigDecimal(Math.pow(0.5, 1.0 / n), WORK);
    for (int step = 0; step < 20; step++) {
      // x' = ((n - 1) x + 0.5 / x^(n-1)) / n
      BigDecimal next =
          sizeLessOne.multiply(x).add(HALF.divide(x.pow(n - 1, WORK), WORK)).divide(size, WORK);
      boolean settled = next.subtract(x).abs().compareTo(tolerance) <= 0;
      x = next;
      if (settled) {
        return x;
      }
    }
    throw new IllegalStateException("The root of 0.5 of degree " + n + " did not converge");
  }
}
