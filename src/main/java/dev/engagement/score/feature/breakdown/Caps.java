package dev.engagement.score.feature.breakdown;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.model.UserInputException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-event-type caps on counts per customer and period ({@code caps = login:100,
 * feature_used:50}): a capped type counts {@code min(count, cap)} of its events in the score, so
 * that 500 logins do not drown everything else. See docs/breakdown.md.
 */
public final class Caps {
  private Caps() {}

  /**
   * Parses {@code "type:cap, type:cap"} (empty: no caps) into a map in type order. A type may
   * contain colons (the cap follows the last one); caps are whole numbers of at least 1.
   */
  public static Map<String, Long> parse(String spec) {
    Map<String, Long> caps = new TreeMap<>();
    if (spec.isEmpty()) {
      return Map.of();
    }
    for (String entry : spec.split(",", -1)) {
      String item = entry.trim();
      int colon = item.lastIndexOf(':');
      if (colon <= 0) {
        throw invalid(spec, "'" + item + "' is not `event_type:cap`");
      }
      String type = item.substring(0, colon).trim();
      String number = item.substring(colon + 1).trim();
      long cap;
      try {
        cap = Long.parseLong(number);
      } catch (NumberFormatException e) {
        cap = 0;
      }
      if (cap < 1) {
        throw invalid(
            spec,
            "the cap of '" + type + "' is '" + number + "', not a whole number of at least 1");
      }
      if (caps.put(type, cap) != null) {
        throw invalid(spec, "'" + type + "' is capped twice");
      }
    }
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

  private static UserInputException invalid(String spec, String problem) {
    return new UserInputException(
        "Invalid "
            + ConfigKeys.CAPS
            + " '"
            + spec
            + "': "
            + problem
            + ". Use a comma-separated list of event_type:cap with whole numbers >= 1, e.g."
            + " login:100, feature_used:50 (empty: no caps).");
  }
}
