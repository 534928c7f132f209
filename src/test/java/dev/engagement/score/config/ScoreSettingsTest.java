package dev.engagement.score.config;

import static dev.engagement.score.config.TestSettings.feature;
import static dev.engagement.score.config.TestSettings.load;
import static dev.engagement.score.config.TestSettings.rules;
import static dev.engagement.score.config.TestSettings.transitions;
import static dev.engagement.score.config.TestSettings.trend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.feature.accounts.AccountsFeature;
import dev.engagement.score.feature.trend.Trend;
import dev.engagement.score.model.UserInputException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The blocks of normalization, trend, accounts and decay, read by their features. */
@Tag("fast")
class ScoreSettingsTest {
  private static final String CLI = " (the command line)";

  @Test
  void percentileModeAndTiersOnItsScore() {
    JobSettings s = load("normalize.method", "percentile", "tiers.score", "normalized");
    assertThat(rules(s).normalization().method()).isEqualTo(Normalization.Method.PERCENTILE);
    assertThat(rules(s).tiersOnNormalized()).isTrue();
    assertThatThrownBy(() -> load("normalize.method", "z-score"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid normalize.method 'z-score'"
                + CLI
                + ": use none, minmax, percentile, zscore or log_minmax");
    assertThatThrownBy(() -> load("normalize.range_min", "100", "normalize.range_max", "100"))
        .hasMessage(
            "Invalid normalization range 100..100: normalize.range_max must be greater than"
                + " normalize.range_min (normalize.range_max: the command line)");
    assertThatThrownBy(() -> load("normalize.range_max", "0.001"))
        .hasMessage(
            "Invalid normalize.range_max '0.001'"
                + CLI
                + ": use a number with at most 2 decimal places and 16 integer digits, e.g. 100");
  }

  @Test
  void clipPercentilesAreAListOfTwoExactNumbers() {
    Normalization n =
        rules("normalize.method", "minmax", "normalize.clip_percentiles", "[0.5, 99.50]")
            .normalization();
    assertThat(n.clip())
        .contains(new Normalization.ClipPercentiles(new BigDecimal("0.5"), new BigDecimal("99.5")));
    assertThat(rules("normalize.clip_percentiles", "[0, 100]").normalization().clip())
        .contains(new Normalization.ClipPercentiles(BigDecimal.ZERO, new BigDecimal("100")));
    for (String bad :
        List.of("[99]", "[1, 50, 99]", "[p1, p99]", "[99, 1]", "[5, 5]", "[-1, 99]")) {
      assertThatThrownBy(() -> load("normalize.clip_percentiles", bad))
          .as(bad)
          .isInstanceOf(UserInputException.class)
          .hasMessageEndingWith(
              CLI
                  + ": use two percentiles from 0 to 100, the lower first, e.g. [1, 99] ([]: no"
                  + " clipping)");
    }
    assertThatThrownBy(() -> load("normalize.clip_percentiles", "\"1,99\""))
        .hasMessage(
            "Invalid normalize.clip_percentiles (the command line): it is a text \"1,99\", but"
                + " must be a list, e.g. [1, 99]");
    assertThatThrownBy(
            () -> load("normalize.method", "percentile", "normalize.clip_percentiles", "[1, 99]"))
        .hasMessage(
            "normalize.clip_percentiles = [1, 99] cannot be used with normalize.method ="
                + " percentile (a rank does not depend on how far outliers lie): set"
                + " normalize.clip_percentiles = [] or use normalize.method = minmax or log_minmax"
                + " (normalize.clip_percentiles: the command line)");
  }

  @Test
  void zScoresTakeNoRangeAndNoClipping() {
    JobSettings s =
        load(
            "normalize.method", "zscore",
            "tiers.score", "normalized",
            "tiers.rules", "[{name = at_risk, below = -1}, {name = typical, max = 1}, {name = x}]");
    assertThat(rules(s).normalization().withinRange()).isFalse();
    assertThat(s.tiers().tiers())
        .extracting(TierRules.Tier::bound)
        .containsExactly(new BigDecimal("-1"), BigDecimal.ONE, null);
    // The defaults written out are the defaults: accepted.
    assertThat(
            rules("normalize.method", "zscore", "normalize.range_min", "0.00")
                .normalization()
                .method())
        .isEqualTo(Normalization.Method.ZSCORE);
    assertThatThrownBy(() -> load("normalize.method", "zscore", "normalize.range_max", "1000"))
        .hasMessage(
            "normalize.range_min..normalize.range_max = 0..1000 does not apply to"
                + " normalize.method = zscore: z-scores are standard deviations from the mean"
                + " (e.g. -1.5), not rescaled to a range. Leave normalize.range_min = 0 and"
                + " normalize.range_max = 100 (the defaults), or use normalize.method = minmax,"
                + " percentile or log_minmax for scores in a range (normalize.range_max: the"
                + " command line)");
  }

  @Test
  void theSegmentColumnNeedsCustomersAndMustBeAColumnName() {
    assertThat(rules().normalization().segmentColumn()).isEmpty();
    assertThat(
            rules("normalize.segment_column", "plan_v2", "customers.path", "/c.csv")
                .normalization()
                .segmentColumn())
        .contains("plan_v2");
    assertThatThrownBy(() -> load("normalize.segment_column", "plan"))
        .hasMessage(
            "normalize.segment_column = plan names a column of the customer dimension: set"
                + " customers.path, or empty normalize.segment_column. (normalize.segment_column:"
                + " the command line)");
    assertThatThrownBy(() -> load("normalize.segment_column", "plan tier"))
        .hasMessage(
            "Invalid normalize.segment_column 'plan tier'"
                + CLI
                + ": use a column name (letters, digits, underscores, not starting with a digit),"
                + " e.g. plan, or \"\" for no segments");
  }

  @Test
  void trendIsOffByDefaultAndChecked() {
    assertThat(trend(load())).isEqualTo(new Trend(Trend.Score.NONE, BigDecimal.ZERO));
    assertThat(trend(load("trend.score", "raw", "trend.stable_band", "2.50")))
        .isEqualTo(new Trend(Trend.Score.RAW, new BigDecimal("2.50")));
    assertThatThrownBy(() -> load("trend.score", "up"))
        .hasMessage("Invalid trend.score 'up'" + CLI + ": use none, raw or normalized.");
    assertThatThrownBy(() -> load("trend.score", "normalized"))
        .hasMessage(
            "trend.score = normalized needs a normalization: set normalize.method, or set"
                + " trend.score = raw. (trend.score: the command line)");
    assertThatThrownBy(() -> load("trend.stable_band", "-1"))
        .hasMessage(
            "Invalid trend.stable_band '-1'"
                + CLI
                + ": use a number >= 0, e.g. 5 for changes of up to 5 points either way.");
  }

  @Test
  void accountScoresAreOnWithAColumnAndAPath() {
    assertThat(feature(load(), AccountsFeature.class)).isEmpty();
    JobSettings s =
        load(
            "events.account_column", "org_id",
            "accounts.path", "/o_accounts",
            "accounts.rollup", "mean");
    assertThat(s.events().accountColumn()).contains("org_id");
    assertThat(feature(s, AccountsFeature.class))
        .contains(new AccountsFeature("/o_accounts", AccountsFeature.Rollup.MEAN));
    assertThat(
            feature(
                load("events.account_column", "org_id", "accounts.path", "/a"),
                AccountsFeature.class))
        .map(AccountsFeature::rollup)
        .contains(AccountsFeature.Rollup.SUM);
  }

  @Test
  void accountSettingsThatDoNotFitTogetherFailWithTheFix() {
    assertThatThrownBy(() -> load("events.account_column", "org_id"))
        .hasMessage(
            "events.account_column = 'org_id' needs accounts.path: set it to the Delta path of"
                + " the account table, or set events.account_column = \"\" to write no account"
                + " scores.");
    assertThatThrownBy(() -> load("accounts.path", "/a"))
        .hasMessage(
            "accounts.path = '/a' needs events.account_column: set it to the events' account id"
                + " column, or set accounts.path = \"\" to write no account scores."
                + " (accounts.path: the command line)");
    assertThatThrownBy(() -> load("accounts.rollup", "median"))
        .hasMessage("Invalid accounts.rollup 'median'" + CLI + ": use sum or mean.");
    assertThatThrownBy(
            () ->
                load(
                    "events.account_column", "org_id",
                    "accounts.path", "/a",
                    "aggregate.path", "/daily"))
        .hasMessageStartingWith("events.account_column cannot be combined with aggregate.path");
    assertThatThrownBy(() -> load("events.account_column", "customer_id", "accounts.path", "/a"))
        .hasMessage(
            "Invalid events.account_column 'customer_id': it is already"
                + " events.customer_column. Set it to the events' account id column.");
  }

  @Test
  void recencyDecayTakesAHalfLifeInDays() {
    assertThat(rules().decayHalfLifeDays()).isEmpty();
    assertThat(rules("decay.half_life_days", "7").decayHalfLifeDays()).hasValue(7);
    assertThat(rules("decay.half_life_days", "36500").decayHalfLifeDays()).hasValue(36500);
    for (String bad : List.of("0", "-7", "7.5", "7d", "36501", "99999999999")) {
      assertThatThrownBy(() -> load("decay.half_life_days", bad))
          .as(bad)
          .hasMessage(
              "Invalid decay.half_life_days '"
                  + bad
                  + "'"
                  + CLI
                  + ": use a whole number of days from 1 to 36500 (an event that many days"
                  + " before its period's last day counts half), or \"\" for no decay.");
    }
    assertThatThrownBy(() -> load("decay.half_life_days", "7", "caps.login", "100"))
        .hasMessage(
            "decay.half_life_days cannot be combined with breakdown.path or caps yet: they count"
                + " each event type with one weight per period, decay weighs each day. Set"
                + " decay.half_life_days = \"\" to use them, or breakdown.path = \"\" and caps {}"
                + " to use decay. (decay.half_life_days: the command line)");
    assertThatThrownBy(() -> load("decay.half_life_days", "7", "breakdown.path", "/b"))
        .hasMessageStartingWith("decay.half_life_days cannot be combined");
  }

  @Test
  void optionalTablesAreOffByDefault() {
    JobSettings s = load();
    assertThat(transitions(s)).isEmpty();
    assertThat(load("preview.report_path", "/r").preview())
        .isEqualTo(new JobSettings.Preview(20, Optional.of("/r")));
  }
}
