package dev.engagement.score.config;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ordered engagement tiers. A score gets the first tier whose upper bound it satisfies ({@code
 * below}: exclusive, {@code max}: inclusive); the last tier has no bound and takes every higher
 * score. So the tiers cover every score exactly once by construction, once the bounds are checked
 * to ascend.
 */
public record TierRules(List<Tier> tiers) {

  /** One tier; {@code bound} is null for the last, unbounded tier. */
  public record Tier(String name, BigDecimal bound, boolean inclusive) {}

  static final String RULES = "rules";
  static final String NAME = "name";
  static final String BELOW = "below";
  static final String MAX = "max";

  private static final String EXAMPLE =
      "tiers.rules = [{ name = at_risk, below = 0 }, { name = disengaged, max = 40 }, ...,"
          + " { name = power_user }]";

  public TierRules {
    tiers = List.copyOf(tiers);
  }

  /** The rules of a HOCON list, e.g. {@code [{name = low, max = 40}, {name = high}]}. */
  public static TierRules parse(String hoconList) {
    return from(
        SettingsBlock.root(
                ConfigFactory.parseString(
                    "tiers." + RULES + " = " + hoconList,
                    ConfigParseOptions.defaults().setOriginDescription("tiers.rules")))
            .block("tiers"));
  }

  /** Reads and validates {@code tiers.rules} of the {@code tiers} block. */
  public static TierRules from(SettingsBlock block) {
    List<SettingsBlock> items = block.objects(RULES, EXAMPLE);
    if (items.isEmpty()) {
      throw block.invalid(RULES, "give at least one tier. Example: " + EXAMPLE);
    }
    List<Tier> tiers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Tier tier = tier(items.get(i), i == items.size() - 1);
      if (!names.add(tier.name())) {
        throw items.get(i).invalid(NAME, "tier '" + tier.name() + "' appears twice");
      }
      if (i > 0 && i < items.size() - 1) {
        ascending(tiers.get(i - 1), tier, items.get(i));
      }
      tiers.add(tier);
    }
    return new TierRules(tiers);
  }

  private static Tier tier(SettingsBlock item, boolean last) {
    item.onlyKeys(Set.of(NAME, BELOW, MAX), "{ name = engaged, max = 100 }");
    String name =
        item.parsed(
            NAME,
            s -> s.matches("[A-Za-z][A-Za-z0-9_]*") ? s : null,
            "use a name of letters, digits and underscores, starting with a letter");
    boolean below = item.has(BELOW);
    boolean max = item.has(MAX);
    if (below && max) {
      throw item.conflict(
          MAX, "Tier '" + name + "' has both below and max: give one upper bound. " + EXAMPLE);
    }
    if (last != !(below || max)) {
      throw new UserInputException(
          (last
                  ? "The last tier '" + name + "' must have no bound (it takes every higher score)"
                  : "Tier '"
                      + name
                      + "' needs a bound, below (exclusive) or max (inclusive); only the last"
                      + " tier has none")
              + " ("
              + item.where(NAME)
              + "). Example: "
              + EXAMPLE);
    }
    if (last) {
      return new Tier(name, null, false);
    }
    String key = below ? BELOW : MAX;
    return new Tier(name, item.decimal(key, d -> true, "use a number, e.g. 40"), max);
  }

  /** "a below 5, b max 5" is a valid one-value tier; anything else must strictly ascend. */
  private static void ascending(Tier prev, Tier cur, SettingsBlock item) {
    int cmp = cur.bound().compareTo(prev.bound());
    if (cmp < 0 || (cmp == 0 && !(cur.inclusive() && !prev.inclusive()))) {
      throw item.conflict(
          cur.inclusive() ? MAX : BELOW,
          "Invalid tiers.rules: tier '"
              + cur.name()
              + "' does not start above tier '"
              + prev.name()
              + "': bounds must ascend so that tiers neither overlap nor leave gaps. Example: "
              + EXAMPLE);
    }
  }
}
