package dev.engagement.score.feature.drivers;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.core.scoring.ScoreRules;
import java.util.Optional;

/**
 * The {@code drivers} block: the drivers table's path (empty: off) and how many changes {@code
 * top_drivers} names.
 */
record DriversSettings(String path, int top) {
  static final String BLOCK = "drivers";
  static final String PATH = "path";
  static final String TOP = "top";

  /** Empty when {@code drivers.path} is empty; fails on a bad value or a conflicting setting. */
  static Optional<DriversSettings> from(JobSettings settings, ScoreRules rules) {
    SettingsBlock drivers = settings.block(BLOCK);
    Optional<String> path = drivers.optional(PATH);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    int top =
        drivers.whole(
            TOP,
            n -> n >= 1,
            "use a whole number >= 1: how many changes top_drivers names, e.g. 3.");
    if (rules.decayHalfLifeDays().isPresent()) {
      // Contributions per event type need one weight per customer, period and type; decay gives
      // one per day (as for the breakdown).
      throw drivers.conflict(
          PATH,
          DriversTable.PATH_SETTING
              + " cannot be combined with decay.half_life_days yet: drivers compare each event"
              + " type's contribution, which needs one weight per type and period, and decay weighs"
              + " each day. Set one of them to \"\".");
    }
    return Optional.of(new DriversSettings(path.get(), top));
  }
}
