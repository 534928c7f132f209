package dev.engagement.score.core.scoring;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.model.UserInputException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-event-type caps on counts per customer and period ({@code caps { login = 100, feature_used =
 * 50 }}): a capped type counts {@code min(count, cap)} of its events in the score, so that 500
 * logins do not drown everything else. See docs/breakdown.md.
 */
public final class Caps {
  private Caps() {}

  private static final String EXAMPLE = "caps { login = 100, feature_used = 50 }";

  /**
   * Reads {@code caps}: an object of event_type = cap ({@code {}} or {@code null}: no caps), in
   * type order. Caps are whole numbers of at least 1.
   */
  public static Map<String, Long> from(SettingsBlock settings) {
    Map<String, Long> caps = new TreeMap<>();
    settings
        .entries(ConfigKeys.CAPS, EXAMPLE)
        .forEach(
            (type, number) -> {
              long cap;
              try {
                cap = Long.parseLong(number);
              } catch (NumberFormatException e) {
                cap = 0;
              }
              if (cap < 1) {
                throw settings.invalid(
                    ConfigKeys.CAPS,
                    "the cap of '"
                        + type
                        + "' is '"
                        + number
                        + "', not a whole number of at least 1. Example: "
                        + EXAMPLE
                        + " ({}: no caps).");
              }
              caps.put(type, cap);
            });
    return Collections.unmodifiableMap(caps);
  }

  /**
   * Fails when a capped type has no weight: it would never be counted, so the cap is most likely a
   * typo (types are matched exactly, case-sensitive).
   */
  public static void requireKnown(
      Map<String, Long> caps, Collection<String> eventTypes, String weightsPath) {
    for (String type : caps.keySet()) {
      if (!eventTypes.contains(type)) {
        throw new UserInputException(
            "Invalid "
                + ConfigKeys.CAPS
                + ": event type '"
                + type
                + "' has no weight in "
                + weightsPath
                + " (types are matched exactly). Fix the type in "
                + ConfigKeys.CAPS
                + " or add it to the weights.");
      }
    }
  }
}
