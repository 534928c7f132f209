package dev.engagement.score.feature.transitions;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.plugin.Feature;
import java.util.Optional;

/** The {@code transitions} block: the transitions table, when its path is set, and its alerts. */
public final class TransitionSettings {
  private TransitionSettings() {}

  public static Optional<Feature> from(SettingsBlock transitions, TierRules tiers) {
    Alerts alerts = Alerts.from(transitions, tiers);
    Optional<String> path = transitions.optional("path");
    if (path.isEmpty() && !alerts.isEmpty()) {
      throw transitions.conflict(
          Alerts.ALERTS,
          ConfigKeys.TRANSITIONS_ALERTS
              + " = "
              + alerts.names()
              + " needs "
              + ConfigKeys.TRANSITIONS_PATH
              + ": the alerts are computed in the transitions table. Set "
              + ConfigKeys.TRANSITIONS_PATH
              + ", or set "
              + ConfigKeys.TRANSITIONS_ALERTS
              + " = [].");
    }
    return path.map(p -> new TransitionsFeature(p, alerts));
  }
}
