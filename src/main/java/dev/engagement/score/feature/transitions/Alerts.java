package dev.engagement.score.feature.transitions;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
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

  static final String ALERTS = "alerts";
  private static final String EXAMPLE =
      "transitions.alerts = [{ fell_into = at_risk }, { dropped_pct = 20 }, { no_events_days = 30"
          + " }]";

  /** The rules of a HOCON list, e.g. {@code [{fell_into = at_risk}, {dropped_pct = 20}]}. */
  public static Alerts parse(String hoconList, TierRules tiers) {
    return from(
        SettingsBlock.root(
                com.typesafe.config.ConfigFactory.parseString(
                    "transitions." + ALERTS + " = " + hoconList,
                    com.typesafe.config.ConfigParseOptions.defaults()
                        .setOriginDescription(ConfigKeys.TRANSITIONS_ALERTS)))
            .block("transitions"),
        tiers);
  }

  /**
   * Reads {@code alerts} of the {@code transitions} block: a list of objects of one key each,
   * {@code { fell_into = at_risk }}, {@code { dropped_pct = 20 }}, {@code { no_events_days = 30 }}
   * (empty: no rules). A {@code fell_into} tier must be one of {@code tiers}; a percent is a number
   * above 0 with at most 2 decimal places (above 100 is allowed: a positive score can fall below
   * zero); days are whole numbers from 1 to 36500. A rule may not appear twice.
   */
  public static Alerts from(SettingsBlock transitions, TierRules tiers) {
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SettingsBlock item : transitions.objects(ALERTS, EXAMPLE)) {
      item.onlyKeys(Set.of(FELL_INTO, DROPPED_PCT, NO_EVENTS_DAYS), EXAMPLE);
      if (item.names().size() != 1) {
        throw new UserInputException(
            "Invalid "
                + ConfigKeys.TRANSITIONS_ALERTS
                + ": each rule is an object with one key, got "
                + item.names()
                + ". Example: "
                + EXAMPLE);
      }
      String kind = item.names().iterator().next();
      Rule rule =
          switch (kind) {
            case FELL_INTO -> fellInto(item, tiers);
            case DROPPED_PCT -> new DroppedPct(percent(item));
            default ->
                new NoEventsDays(
                    item.whole(
                        NO_EVENTS_DAYS,
                        d -> d >= 1 && d <= MAX_DAYS,
                        "use a whole number of days from 1 to " + MAX_DAYS + "."));
          };
      if (!names.add(rule.name())) {
        throw item.invalid(
            kind, "'" + rule.name() + "' appears twice in " + ConfigKeys.TRANSITIONS_ALERTS);
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

  private static Rule fellInto(SettingsBlock item, TierRules tiers) {
    List<String> known = tiers.tiers().stream().map(TierRules.Tier::name).toList();
    return new FellInto(
        item.parsed(
            FELL_INTO,
            tier -> known.contains(tier) ? tier : null,
            "not a tier of " + ConfigKeys.TIERS_RULES + " " + known + "."));
  }

  private static BigDecimal percent(SettingsBlock item) {
    BigDecimal percent =
        item.decimal(
            DROPPED_PCT,
            p -> p.signum() > 0 && p.stripTrailingZeros().scale() <= 2,
            "use a number above 0 with at most 2 decimal places, e.g. 20.");
    return percent.stripTrailingZeros().scale() < 0
        ? percent.setScale(0)
        : percent.stripTrailingZeros();
  }
}
