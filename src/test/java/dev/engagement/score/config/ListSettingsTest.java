package dev.engagement.score.config;

import static dev.engagement.score.config.TestSettings.load;
import static dev.engagement.score.config.TestSettings.rules;
import static dev.engagement.score.config.TestSettings.transitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.scoring.Caps;
import dev.engagement.score.feature.transitions.Alerts;
import dev.engagement.score.feature.transitions.TransitionsFeature;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.run.Features;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caps, category weights and alert rules: HOCON objects and lists, numbers exact. */
@Tag("fast")
class ListSettingsTest {
  private static final String CLI = " (the command line)";
  @TempDir Path dir;

  @Test
  void capsAreAnObjectOfEventTypes() throws IOException {
    JobSettings s =
        TestSettings.file(
            dir,
            "engagement.caps { login = 100, feature_used = \"50\", \"page.view\" = 7,"
                + " \"page:view\" = 8 }\n");
    assertThat(rules(s).caps())
        .containsExactly(
            Map.entry("feature_used", 50L),
            Map.entry("login", 100L),
            Map.entry("page.view", 7L),
            Map.entry("page:view", 8L));
    assertThat(rules(s).sumsPerType()).isTrue();
    assertThat(rules().caps()).isEmpty();
    // Counts are summed per event type for caps and for the breakdown table only.
    assertThat(typeSumsNeeded(load())).isFalse();
    assertThat(typeSumsNeeded(load("breakdown.path", "/b"))).isTrue();
  }

  @Test
  void objectsMergeAcrossFilesAndNullClearsThem() throws IOException {
    String first = TestSettings.write(dir, "a.conf", "engagement.caps { login = 100 }\n");
    String second = TestSettings.write(dir, "b.conf", "engagement.caps { signup = 5 }\n");
    String cleared =
        TestSettings.write(dir, "c.conf", "engagement.caps = null\nengagement.caps.x = 1\n");
    assertThat(rules(SettingsLoader.load(List.of(first, second), TestSettings.PATHS)).caps())
        .isEqualTo(Map.of("login", 100L, "signup", 5L));
    assertThat(rules(SettingsLoader.load(List.of(first, cleared), TestSettings.PATHS)).caps())
        .isEqualTo(Map.of("x", 1L));
    assertThat(rules("caps", "null").caps()).isEmpty();
  }

  @Test
  void badCapsFailWithTheFix() {
    String fix =
        "', not a whole number of at least 1. Example: caps { login = 100, feature_used = 50 }"
            + " ({}: no caps).";
    assertThatThrownBy(() -> load("caps.login", "0"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid caps '{\"login\":0}'" + CLI + ": the cap of 'login' is '0" + fix);
    assertThatThrownBy(() -> load("caps.login", "2.5"))
        .hasMessageContaining("the cap of 'login' is '2.5" + fix);
    assertThatThrownBy(() -> load("caps", "\"login:100\""))
        .hasMessage(
            "Invalid caps (the command line): it is a text \"login:100\", but must be an object,"
                + " e.g. caps { login = 100, feature_used = 50 }");
    assertThatThrownBy(() -> load("caps.login", "[1]"))
        .hasMessageContaining("must be an object of single values");
    Caps.requireKnown(Map.of("login", 100L), List.of("login", "signup"), "/w.csv");
    assertThatThrownBy(
            () -> Caps.requireKnown(Map.of("Login", 100L), List.of("login", "signup"), "/w.csv"))
        .hasMessage(
            "Invalid caps: event type 'Login' has no weight in /w.csv (types are matched"
                + " exactly). Fix the type in caps or add it to the weights.");
  }

  @Test
  void categoryWeightsArePercentsSummingToExactly100() {
    assertThat(rules().categories()).isEqualTo(Categories.OFF);
    JobSettings s =
        load(
            "normalize.method", "minmax",
            "categories.weights", "{ product = 50, support = 20.0, billing = 20, other = 10 }",
            "tiers.score", "combined");
    assertThat(rules(s).categories().weights())
        .containsExactly(
            Map.entry("billing", new BigDecimal("20")),
            Map.entry("other", new BigDecimal("10")),
            Map.entry("product", new BigDecimal("50")),
            Map.entry("support", new BigDecimal("20.0")));
    assertThat(rules(s).categories().tiersOnCombined()).isTrue();
    // 33.3333 + 33.3333 + 33.3334 = 100 exactly (in doubles it is not); a zero share is allowed.
    assertThat(
            rules(
                    "normalize.method", "minmax",
                    "categories.weights", "{ a = 33.3333, b = 33.3333, c = 33.3334, d = 0 }")
                .categories()
                .weights())
        .hasSize(4);
  }

  @Test
  void badCategorySettingsFailWithTheFix() {
    String example =
        " Example: categories.weights { product = 50, support = 20, billing = 20, other = 10 }";
    assertThatThrownBy(
            () ->
                load(
                    "normalize.method", "minmax",
                    "categories.weights", "{ product = 60, support = 30 }"))
        .hasMessage(
            "Invalid categories.weights '{\"product\":60,\"support\":30}'"
                + CLI
                + ": the weights sum to 90, not 100 (they are percents)."
                + example);
    assertThatThrownBy(
            () ->
                load(
                    "normalize.method", "minmax",
                    "categories.weights", "{ product = half, support = 50 }"))
        .hasMessageContaining(
            "the weight 'half' of 'product' must be a number >= 0 with at most 4 decimal places.");
    assertThatThrownBy(
            () ->
                load(
                    "normalize.method", "minmax",
                    "categories.weights", "{ product = 110, support = -10 }"))
        .hasMessageContaining("the weight '-10' of 'support' must be a number >= 0");
    assertThatThrownBy(() -> load("categories.weights", "{ product = 100 }"))
        .hasMessage(
            "categories.weights needs normalize.method = minmax, percentile, zscore or"
                + " log_minmax: the sub-scores are normalized before they are combined. Enable"
                + " normalization, or set categories.weights {}. (categories.weights: the command"
                + " line)");
    assertThatThrownBy(() -> load("normalize.method", "minmax", "tiers.score", "combined"))
        .hasMessage(
            "tiers.score = combined needs categories.weights: set it (e.g."
                + " categories.weights { product = 50, support = 20, billing = 20, other = 10 }),"
                + " or set tiers.score = raw or normalized. (tiers.score: the command line)");
  }

  @Test
  void alertRulesAreAListInOrderWithCanonicalNames() {
    JobSettings s =
        load(
            "transitions.path",
            "/o_transitions",
            "transitions.alerts",
            "[{ fell_into = at_risk }, { dropped_pct = 20.50 }, { no_events_days = 30 },"
                + " { fell_into = disengaged }, { dropped_pct = 1e2 }]");
    Alerts alerts = transitions(s).orElseThrow().alerts();
    assertThat(alerts.rules())
        .containsExactly(
            new Alerts.FellInto("at_risk"),
            new Alerts.DroppedPct(new BigDecimal("20.5")),
            new Alerts.NoEventsDays(30),
            new Alerts.FellInto("disengaged"),
            new Alerts.DroppedPct(new BigDecimal("100")));
    assertThat(alerts.names())
        .containsExactly(
            "fell_into:at_risk",
            "dropped_pct:20.5",
            "no_events_days:30",
            "fell_into:disengaged",
            "dropped_pct:100");
    assertThat(transitions(load("transitions.path", "/t")))
        .contains(new TransitionsFeature("/t", Alerts.NONE));
  }

  @Test
  void badAlertRulesFailWithTheFix() {
    Map<String, String> expected =
        Map.of(
            "[{ rose_pct = 10 }]",
            "Unknown key 'rose_pct' in transitions.alerts[0] (the command line): use"
                + " dropped_pct, fell_into or no_events_days, e.g. transitions.alerts = [{"
                + " fell_into = at_risk }, { dropped_pct = 20 }, { no_events_days = 30 }]",
            "[{ fell_into = churned }]",
            "Invalid transitions.alerts[0].fell_into 'churned'"
                + CLI
                + ": not a tier of tiers.rules [at_risk, disengaged, somewhat_engaged, engaged,"
                + " power_user].",
            "[{ dropped_pct = 12.345 }]",
            "Invalid transitions.alerts[0].dropped_pct '12.345'"
                + CLI
                + ": use a number above 0 with at most 2 decimal places, e.g. 20.",
            "[{ no_events_days = 7.5 }]",
            "Invalid transitions.alerts[0].no_events_days '7.5'"
                + CLI
                + ": use a whole number of days from 1 to 36500.",
            "[{ dropped_pct = 20 }, { dropped_pct = 20.0 }]",
            "Invalid transitions.alerts[1].dropped_pct '20.0'"
                + CLI
                + ": 'dropped_pct:20' appears twice in transitions.alerts",
            "[{ dropped_pct = 20, no_events_days = 3 }]",
            "Invalid transitions.alerts: each rule is an object with one key, got"
                + " [dropped_pct, no_events_days]. Example: transitions.alerts = [{ fell_into ="
                + " at_risk }, { dropped_pct = 20 }, { no_events_days = 30 }]");
    expected.forEach(
        (spec, message) ->
            assertThatThrownBy(() -> load("transitions.path", "/t", "transitions.alerts", spec))
                .as(spec)
                .isInstanceOf(UserInputException.class)
                .hasMessage(message));
    assertThatThrownBy(() -> load("transitions.alerts", "[{ dropped_pct = 20 }]"))
        .hasMessage(
            "transitions.alerts = [dropped_pct:20] needs transitions.path: the alerts are"
                + " computed in the transitions table. Set transitions.path, or set"
                + " transitions.alerts = []. (transitions.alerts: the command line)");
  }

  private static boolean typeSumsNeeded(JobSettings s) {
    return Features.of(s, rules(s)).stream().anyMatch(Feature::needsTypeSums);
  }
}
