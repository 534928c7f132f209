package dev.engagement.score.config;

import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ordered engagement tiers. A score gets the first tier whose upper bound it satisfies ({@code <}
 * exclusive, {@code <=} inclusive); the last tier has no bound and takes every higher score. So the
 * tiers cover every score exactly once by construction, once the bounds are checked to ascend.
 */
public record TierRules(List<Tier> tiers) {

  /** One tier; {@code bound} is null for the last, unbounded tier. */
  public record Tier(String name, BigDecimal bound, boolean inclusive) {}

  private static final Pattern TIER =
      Pattern.compile("([A-Za-z][A-Za-z0-9_]*)(?:\\s*(<=|<)\\s*(\\S+))?");

  public TierRules {
    tiers = List.copyOf(tiers);
  }

  /** Parses {@code "at_risk < 0, disengaged <= 40, ..., power_user"} and validates it. */
  public static TierRules parse(String spec) {
    String[] items = spec.split(",");
    List<Tier> tiers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      Matcher m = TIER.matcher(item);
      if (!m.matches()) {
        throw invalid(spec, "'" + item + "' is not `name < bound`, `name <= bound` or `name`");
      }
      String name = m.group(1);
      if (!names.add(name)) {
        throw invalid(spec, "tier '" + name + "' appears twice");
      }
      boolean last = i == items.length - 1;
      if (last != (m.group(2) == null)) {
        throw invalid(
            spec,
            last
                ? "the last tier '" + name + "' must have no bound (it takes every higher score)"
                : "tier '" + name + "' needs a bound; only the last tier has none");
      }
      tiers.add(last ? new Tier(name, null, false) : bounded(spec, name, m.group(2), m.group(3)));
    }
    for (int i = 1; i < tiers.size() - 1; i++) {
      Tier prev = tiers.get(i - 1);
      Tier cur = tiers.get(i);
      int cmp = cur.bound().compareTo(prev.bound());
      // "a < 5, b <= 5" is a valid one-value tier; anything else must strictly ascend.
      if (cmp < 0 || (cmp == 0 && !(cur.inclusive() && !prev.inclusive()))) {
        throw invalid(
            spec,
            "tier '"
                + cur.name()
                + "' does not start above tier '"
                + prev.name()
                + "': bounds must ascend so that tiers neither overlap nor leave gaps");
      }
    }
    return new TierRules(tiers);
  }

  private static Tier bounded(String spec, String name, String op, String bound) {
    try {
      return new Tier(name, new BigDecimal(bound), op.equals("<="));
    } catch (NumberFormatException e) {
      throw invalid(spec, "the bound '" + bound + "' of tier '" + name + "' is not a number");
    }
  }

  private static UserInputException invalid(String spec, String problem) {
    return new UserInputException(
        "Invalid tiers '"
            + spec
            + "': "
            + problem
            + ". Example: tiers = at_risk < 0, disengaged <= 40, somewhat_engaged <= 70,"
            + " engaged <= 100, power_user");
  }
}
