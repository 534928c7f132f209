package dev.engagement.score.feature.decay;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import java.util.OptionalInt;

/** {@code decay.half_life_days}: the recency decay's half-life, empty ("") for no decay. */
public final class DecaySettings {
  /** Longer half-lives are refused as likely typos, like {@code max_range_days}. */
  public static final int MAX_HALF_LIFE_DAYS = 36500;

  private DecaySettings() {}

  /**
   * @param decay the {@code decay} block
   * @param perType whether breakdown.path or caps is set, which count each type once per period
   */
  public static OptionalInt from(SettingsBlock decay, boolean perType) {
    if (decay.optional("half_life_days").isEmpty()) {
      return OptionalInt.empty();
    }
    int days =
        decay.whole(
            "half_life_days",
            d -> d >= 1 && d <= MAX_HALF_LIFE_DAYS,
            "use a whole number of days from 1 to "
                + MAX_HALF_LIFE_DAYS
                + " (an event that many days before its period's last day counts half), or \"\""
                + " for no decay.");
    if (perType) {
      // TypeSums keeps one weight per customer, period and type; decay gives one per day.
      throw decay.conflict(
          "half_life_days",
          ConfigKeys.DECAY_HALF_LIFE_DAYS
              + " cannot be combined with "
              + ConfigKeys.BREAKDOWN_PATH
              + " or "
              + ConfigKeys.CAPS
              + " yet: they count each event type with one weight per period, decay weighs"
              + " each day. Set "
              + ConfigKeys.DECAY_HALF_LIFE_DAYS
              + " = \"\" to use them, or "
              + ConfigKeys.BREAKDOWN_PATH
              + " = \"\" and "
              + ConfigKeys.CAPS
              + " {} to use decay.");
    }
    return OptionalInt.of(days);
  }
}
