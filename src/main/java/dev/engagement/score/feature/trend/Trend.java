package dev.engagement.score.feature.trend;

import java.math.BigDecimal;

/**
 * Trend settings: which score the direction compares ({@code NONE}: no trend columns are filled)
 * and the band of changes, in units of that score, that count as stable.
 */
public record Trend(Score score, BigDecimal stableBand) {
  /** The score whose change sets the direction. */
  public enum Score {
    NONE,
    RAW,
    NORMALIZED
  }

  public boolean enabled() {
    return score != Score.NONE;
  }
}
