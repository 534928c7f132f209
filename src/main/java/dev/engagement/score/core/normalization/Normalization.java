package dev.engagement.score.core.normalization;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * How raw scores become normalized scores (see docs/normalization.md).
 *
 * @param method none, min-max, percentile rank, z-score or min-max of signed logarithms
 * @param rangeMin the lowest normalized score (not used by z-scores)
 * @param rangeMax the highest normalized score (not used by z-scores)
 * @param clip for (log) min-max only: the percentiles whose raw scores replace the group's min and
 *     max
 * @param segmentColumn normalize within (period, this column's value) instead of per period
 */
public record Normalization(
    Method method,
    BigDecimal rangeMin,
    BigDecimal rangeMax,
    Optional<ClipPercentiles> clip,
    Optional<String> segmentColumn) {

  /** The values of {@code normalize}. */
  public enum Method {
    NONE,
    MINMAX,
    PERCENTILE,
    ZSCORE,
    LOG_MINMAX
  }

  /**
   * Nearest-rank percentiles, {@code 0 <= lower < upper <= 100}.
   *
   * @param lower e.g. 1 for p1
   * @param upper e.g. 99 for p99
   */
  public record ClipPercentiles(BigDecimal lower, BigDecimal upper) {}

  /** The same normalization over whole periods, for scores without a segment (accounts). */
  public Normalization unsegmented() {
    return new Normalization(method, rangeMin, rangeMax, clip, Optional.empty());
  }

  /** False for {@code normalize = none}: the normalized column is null. */
  public boolean enabled() {
    return method != Method.NONE;
  }

  /**
   * True when the normalized scores lie in {@code rangeMin..rangeMax}: every method but none and
   * z-scores, which are distances from the mean in standard deviations, unbounded by any range.
   */
  public boolean withinRange() {
    return enabled() && method != Method.ZSCORE;
  }
}
