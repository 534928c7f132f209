package dev.engagement.score.feature.transitions;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The alert rules of the transitions table ({@code transitions.alerts}), in configured order. A
 * rule's name is its canonical text ({@code fell_into:at_risk}, {@code dropped_pct:20}, {@code
 * no_events_days:30}): the value in the table's {@code alerts} column and the key of the run
 * summary's counts. See docs/transitions.md.
 */
public record Alerts(List<Rule> rules) {
  public static final Alerts NONE = new Alerts(List.of());

  /** Fires for a customer in {@code tier} whose previous period had another tier. */
  public static final String FELL_INTO = "fell_into";

  /** Fires when the raw score fell by more than this percent of the previous one's magnitude. */
  public static final String DROPPED_PCT = "dropped_pct";

  /** Fires when the customer's last event is at least this many days old, or there is none. */
  public static final String NO_EVENTS_DAYS = "no_events_days";

  /** One rule. */
  public sealed interface Rule permits FellInto, DroppedPct, NoEventsDays {
    String name();
  }

  public record FellInto(String tier) implements Rule {
    @Override
    public String name() {
      return FELL_INTO + ":" + tier;
    }
  }

  public record DroppedPct(BigDecimal percent) implements Rule {
    @Override
    public String name() {
      return DROPPED_PCT + ":" + percent.toPlainString();
    }
  }

  public record NoEventsDays(int days) implements Rule {
    @Override
    public String name() {
      return NO_EVENTS_DAYS + ":" + days;
    }
  }

  public Alerts {
    rules = List.copyOf(rules);
  }

  /** Rules above this many days are refused as likely typos, like {@code max_range_days}. */
  static final int MAX_DAYS = 36500;

  /**
   * Parses {@code "fell_into:at_risk, dropped_pct:20, no_events_days:30"} (empty: no rules). A
   * {@code fell_into} tier must be one of {@code tiers}; a percent is a number above 0 with at most
   * 2 decimal places (above 100 is allowed: a positive score can fall below zero); days are whole
   * numbers from 1 to 36500. A rule may not appear twice.
   */
  public static Alerts parse(String spec, TierRules tiers) {
    if (spec.isEmpty()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String entry : spec.split(",", -1)) {
      String item = entry.strip();
      int colon = item.indexOf(':');
      if (colon < 0) {
        throw invalid(spec, "'" + item + "' is not `rule:value`");
      }
      String kind = item.substring(0, colon).strip();
      String value = item.substring(colon + 1).strip();
      Rule rule =
          switch (kind) {
            case FELL_INTO -> fellInto(spec, value, tiers);
            case DROPPED_PCT -> new DroppedPct(percent(spec, value));
            case NO_EVENTS_DAYS -> new NoEventsDays(days(spec, value));
            default ->
                throw invalid(
                    spec,
                    "'"
                        + kind
                        + "' is not a rule (known: "
                        + FELL_INTO
                        + ", "
                        + DROPPED_PCT
                        + ", "
                        + NO_EVENTS_DAYS
                        + ")");
          };
      if (!names.add(rule.name())) {
        throw invalid(spec, "'" + rule.name() + "' appears twice");
      }
      rules.add(rule);
    }
    return new Alerts(rules);
  }

  /** The rules' names, in configured order. */
  public List<String> names() {
    return rules.stream().map(Rule::name).toList();
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  private static Rule fellInto(String spec, String tier, TierRules tiers) {
    List<String> known = tiers.tiers().stream().map(TierRules.Tier::name).toList();
    if (!known.contains(tier)) {
      throw invalid(
          spec,
          "'"
              + tier
              + "' in "
              + FELL_INTO
              + ":"
              + tier
              + " is not a tier of "
              + ConfigKeys.TIERS
              + " "
              + known);
    }
    return new FellInto(tier);
  }

  private static BigDecimal percent(String spec, String value) {
    BigDecimal percent;
    try {
      percent = new BigDecimal(value);
    } catch (NumberFormatException e) {
      percent = null;
    }
    if (percent == null || percent.signum() <= 0 || percent.stripTrailingZeros().scale() > 2) {
      throw invalid(
          spec,
          "the percent of "
              + DROPPED_PCT
              + " is '"
              + value
              + "', not a number above 0 with at most 2 decimal places");
    }
    return percent.stripTrailingZeros().scale() < 0
        ? percent.setScale(0)
        : percent.stripTrailingZeros();
  }

  private static int days(String spec, String value) {
    int days;
    try {
      days = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      days = 0;
    }
    if (days < 1 || days > MAX_DAYS) {
      throw invalid(
          spec,
          "the days of "
              + NO_EVENTS_DAYS
              + " are '"
              + value
              + "', not a whole number from 1 to "
              + MAX_DAYS);
    }
    return days;
  }

  private static UserInputException invalid(String spec, String problem) {
    return new UserInputException(
        "Invalid "
            + ConfigKeys.TRANSITIONS_ALERTS
            + " '"
            + spec
            + "': "
            + problem
            + ". Use a comma-separated list of fell_into:<tier>, dropped_pct:<percent> and"
            + " no_events_days:<days>, e.g. fell_into:at_risk, dropped_pct:20, no_events_days:30"
            + " (empty: no alerts).");
  }
}
