package dev.engagement.score.core.decay;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.model.UserInputException;
import java.util.OptionalInt;

/** {@code decay.half_life_days}: the recency decay's half-life, empty ("") for no decay. */
public final class DecaySettings {
  /** Longer half-lives are refused as likely typos, like {@code max_range_days}. */
  public static final int MAX_HALF_LIFE_DAYS = 36500;

  private DecaySettings() {}

  /**
   * @param decay the {@code decay} block
   * @param caps whether caps are set, which count each type once per period
   */
  public static OptionalInt from(SettingsBlock decay, boolean caps) {
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
    if (caps) {
      throw refusedPerType(decay);
    }
    return OptionalInt.of(days);
  }

  /**
   * Decay refused with the per-type sums of caps and the breakdown table: {@code TypeSums} keeps
   * one weight per customer, period and type; decay gives one per day.
   */
  public static UserInputException refusedPerType(SettingsBlock decay) {
    return decay.conflict(
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
}
