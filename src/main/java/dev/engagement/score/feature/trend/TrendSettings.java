package dev.engagement.score.feature.trend;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.core.normalization.Normalization;
import java.math.BigDecimal;
import java.util.Locale;

/** The {@code trend} block: which score's change sets the trend, and the stable band. */
public final class TrendSettings {
  static final String SCORE = "score";
  static final String STABLE_BAND = "stable_band";

  private TrendSettings() {}

  public static Trend from(SettingsBlock trend, Normalization normalization) {
    Trend.Score which =
        trend.parsed(
            SCORE,
            s -> Trend.Score.valueOf(s.toUpperCase(Locale.ROOT)),
            "use none, raw or normalized.");
    if (which == Trend.Score.NORMALIZED && !normalization.enabled()) {
      throw trend.conflict(
          SCORE,
          ConfigKeys.TREND_SCORE
              + " = normalized needs a normalization: set "
              + ConfigKeys.NORMALIZE_METHOD
              + ", or set "
              + ConfigKeys.TREND_SCORE
              + " = raw.");
    }
    BigDecimal band =
        trend.decimal(
            STABLE_BAND,
            b -> b.signum() >= 0,
            "use a number >= 0, e.g. 5 for changes of up to 5 points either way.");
    return new Trend(which, band);
  }
}
