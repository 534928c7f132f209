package dev.engagement.score.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.feature.breakdown.Caps;
import dev.engagement.score.feature.categories.Categories;
import dev.engagement.score.feature.normalization.Normalization;
import dev.engagement.score.feature.transitions.Alerts;
import dev.engagement.score.feature.trend.Trend;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("fast")
class SettingsLoaderTest {
  @TempDir Path dir;

  private static final Map<String, String> PATHS =
      Map.of("events.path", "/e", "weights.path", "/w.csv", "output.path", "/o");

  private static JobSettings load(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(PATHS);
    all.putAll(extra);
    return SettingsLoader.load(List.of(), all);
  }

  @Test
  void everyShippedOverlayLoads() {
    Map<String, String> paths =
        Map.of("events.path", "/e", "weights.path", "/w.csv", "output.path", "/o");
    for (String name : List.of("example.conf", "local.conf", "prod.conf")) {
      SettingsLoader.load(List.of(Path.of("conf", name)), paths);
    }
    JobSettings prod = SettingsLoader.load(List.of(Path.of("conf/prod.conf")), Map.of());
    assertThat(prod.aggregate())
        .contains(
            new JobSettings.Aggregate("s3a://analytics-lake/scores/engagement_scores_daily", 1));
  }

  @Test
  void theAggregateIsOffByDefaultAndRereadDaysAreChecked() {
    Map<String, String> paths =
        Map.of("events.path", "/e", "weights.path", "/w.csv", "output.path", "/o");
    assertThat(SettingsLoader.load(List.of(), paths).aggregate()).isEmpty();
    Map<String, String> bad = new HashMap<>(paths);
    bad.put("aggregate.reread_days", "-1");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(), bad))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("Invalid aggregate.reread_days '-1'");
  }

  @Test
  void defaultsComeFromReferenceConf() {
    JobSettings s = load(Map.of());
    assertThat(s.calendar().label()).isEqualTo("month");
    assertThat(s.timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(s.normalization())
        .isEqualTo(
            new Normalization(
                Normalization.Method.NONE,
                BigDecimal.ZERO,
                new BigDecimal("100"),
                Optional.empty(),
                Optional.empty()));
    assertThat(s.tiers().tiers()).hasSize(5);
    assertThat(s.tiersOnNormalized()).isFalse();
    assertThat(s.events().customerColumn()).isEqualTo("customer_id");
    assertThat(s.events().partitionColumn()).isEqualTo(Optional.empty());
    assertThat(s.events().format()).isEqualTo(SourceFormat.AUTO);
  }

  @Test
  void overlaysApplyInOrderAndTheCommandLineWins() throws IOException {
    Path base =
        Files.writeString(dir.resolve("base.conf"), "period = week\ntimezone = Asia/Tokyo\n");
    Path env =
        Files.writeString(
            dir.resolve("env.conf"), "# comment\nperiod = rolling\nwindow_days = 7\n");
    Map<String, String> cli = new HashMap<>(PATHS);
    cli.put("timezone", "Europe/Berlin");
    JobSettings s = SettingsLoader.load(List.of(base, env), cli);
    assertThat(s.calendar().label()).isEqualTo("rolling_7d");
    assertThat(s.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void unknownKeysFailAndNameTheSource() throws IOException {
    Path conf = Files.writeString(dir.resolve("typo.conf"), "normalise = minmax\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(conf), PATHS))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("Unknown config key 'normalise' in " + conf)
        .hasMessageContaining("normalize");
  }

  @Test
  void missingConfigFileAndRequiredPathsFail() {
    assertThatThrownBy(() -> SettingsLoader.load(List.of(dir.resolve("nope.conf")), PATHS))
        .hasMessageContaining("nope.conf does not exist");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(), Map.of("events.path", "/e")))
        .hasMessage(
            "Missing setting weights.path: set it in a --config file or pass --weights PATH");
  }

  @Test
  void invalidValuesFailWithTheFix() {
    assertThatThrownBy(() -> load(Map.of("period", "year")))
        .hasMessage("Unknown period 'year': use one of day, week, month, quarter, rolling");
    assertThatThrownBy(() -> load(Map.of("window_days", "0")))
        .hasMessageContaining("Invalid window_days '0': use a whole number of days >= 1");
    assertThatThrownBy(() -> load(Map.of("timezone", "Mars/Olympus")))
        .hasMessageContaining("Unknown time zone 'Mars/Olympus' for timezone");
    assertThatThrownBy(() -> load(Map.of("normalize", "z-score")))
        .hasMessage(
            "Invalid normalize 'z-score': use none, minmax, percentile, zscore or log_minmax");
    assertThatThrownBy(
            () -> load(Map.of("normalize.range_min", "100", "normalize.range_max", "100")))
        .hasMessageContaining("normalize.range_max must be greater than normalize.range_min");
    assertThatThrownBy(() -> load(Map.of("normalize.range_max", "0.001")))
        .hasMessageContaining("at most 2 decimal places");
    assertThatThrownBy(() -> load(Map.of("tiers.score", "normalized")))
        .hasMessage(
            "tiers.score = normalized needs normalize = minmax, percentile, zscore or log_minmax:"
                + " enable normalization or set tiers.score = raw");
    assertThatThrownBy(() -> load(Map.of("on_empty", "ignore")))
        .hasMessage("Invalid on_empty 'ignore': use fail, write_empty or skip.");
    assertThatThrownBy(() -> load(Map.of("max_reject_ratio", "5%")))
        .hasMessage("Invalid max_reject_ratio '5%': use a number from 0 to 1, e.g. 0.01 for 1%.");
    assertThatThrownBy(() -> load(Map.of("max_reject_ratio", "1.5")))
        .hasMessageContaining("use a number from 0 to 1");
    assertThatThrownBy(() -> load(Map.of("events.min_time", "2000-01-01")))
        .hasMessage(
            "Invalid events.min_time '2000-01-01': use an ISO instant, e.g. 2000-01-01T00:00:00Z.");
    assertThatThrownBy(() -> load(Map.of("events.format", "csv")))
        .hasMessageContaining("Invalid events.format 'csv': use one of [auto, delta, parquet]");
    assertThatThrownBy(() -> load(Map.of("catalog.table", "bi.engagement scores")))
        .hasMessage(
            "Invalid catalog.table 'bi.engagement scores': use table, db.table or"
                + " catalog.db.table (letters, digits, underscores).");
    assertThat(load(Map.of("catalog.table", "main.bi.scores")).catalogTable())
        .contains("main.bi.scores");
  }

  @Test
  void identifierAndTimeEncodingsDefaultToTodaysRulesAndAreChecked() {
    JobSettings.Events defaults = load(Map.of()).events();
    assertThat(defaults.customerIdWhitespace()).isEqualTo(CustomerIdWhitespace.WARN);
    assertThat(defaults.customerIdIntegers()).isFalse();
    assertThat(defaults.timeEncoding()).isEqualTo(TimeEncoding.TIMESTAMP);
    JobSettings.Events set =
        load(Map.of(
                "events.customer_id_whitespace", "reject",
                "events.customer_id_integers", "true",
                "events.time_encoding", "epoch_millis"))
            .events();
    assertThat(set.customerIdWhitespace()).isEqualTo(CustomerIdWhitespace.REJECT);
    assertThat(set.customerIdIntegers()).isTrue();
    assertThat(set.timeEncoding()).isEqualTo(TimeEncoding.EPOCH_MILLIS);
    assertThatThrownBy(() -> load(Map.of("events.customer_id_whitespace", "strip")))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid events.customer_id_whitespace 'strip': use warn, reject or trim.");
    assertThatThrownBy(() -> load(Map.of("events.customer_id_integers", "yes")))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid events.customer_id_integers 'yes': use true or false.");
    assertThatThrownBy(() -> load(Map.of("events.time_encoding", "epoch_micros")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid events.time_encoding 'epoch_micros': use timestamp, epoch_seconds,"
                + " epoch_millis or date.");
  }

  @Test
  void tiersMayApplyToTheNormalizedScore() {
    JobSettings s =
        load(
            Map.of(
                "normalize", "minmax", "tiers.score", "normalized", "normalize.range_max", "1000"));
    assertThat(s.tiersOnNormalized()).isTrue();
    assertThat(s.normalization().rangeMax()).isEqualByComparingTo("1000");
  }

  @Test
  void percentileModeAndTiersOnItsScore() {
    JobSettings s = load(Map.of("normalize", "percentile", "tiers.score", "normalized"));
    assertThat(s.normalization().method()).isEqualTo(Normalization.Method.PERCENTILE);
    assertThat(s.tiersOnNormalized()).isTrue();
  }

  @Test
  void clipPercentilesAreParsedAndChecked() {
    Normalization n =
        load(Map.of("normalize", "minmax", "normalize.clip_percentiles", " 0.5 , 99.50 "))
            .normalization();
    assertThat(n.clip())
        .contains(new Normalization.ClipPercentiles(new BigDecimal("0.5"), new BigDecimal("99.5")));
    assertThat(load(Map.of("normalize.clip_percentiles", "0,100")).normalization().clip())
        .contains(new Normalization.ClipPercentiles(BigDecimal.ZERO, new BigDecimal("100")));
    for (String bad : List.of("99", "1,50,99", "1,", "p1,p99", "99,1", "5,5", "-1,99", "1,101")) {
      assertThatThrownBy(() -> load(Map.of("normalize.clip_percentiles", bad)))
          .as(bad)
          .isInstanceOf(UserInputException.class)
          .hasMessage(
              "Invalid normalize.clip_percentiles '"
                  + bad
                  + "': use two percentiles from 0 to 100, the lower first, e.g. 1,99 (empty: no"
                  + " clipping)");
    }
    assertThatThrownBy(
            () -> load(Map.of("normalize", "percentile", "normalize.clip_percentiles", "1,99")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "normalize.clip_percentiles = 1,99 cannot be used with normalize = percentile (a rank"
                + " does not depend on how far outliers lie): empty normalize.clip_percentiles or"
                + " use normalize = minmax or log_minmax");
  }

  @Test
  void zScoresTakeNoRangeAndNoClipping() {
    JobSettings s =
        load(
            Map.of(
                "normalize",
                "zscore",
                "tiers.score",
                "normalized",
                "tiers",
                "at_risk < -1, typical <= 1, standout"));
    assertThat(s.normalization().method()).isEqualTo(Normalization.Method.ZSCORE);
    assertThat(s.normalization().withinRange()).isFalse();
    assertThat(s.tiersOnNormalized()).isTrue();
    assertThat(s.tiers().tiers())
        .extracting(TierRules.Tier::bound)
        .containsExactly(new BigDecimal("-1"), BigDecimal.ONE, null);
    // The defaults written out are the defaults: accepted.
    assertThat(
            load(Map.of(
                    "normalize", "zscore",
                    "normalize.range_min", "0.00",
                    "normalize.range_max", "100"))
                .normalization()
                .method())
        .isEqualTo(Normalization.Method.ZSCORE);
    assertThatThrownBy(() -> load(Map.of("normalize", "zscore", "normalize.range_max", "1000")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "normalize.range_min..normalize.range_max = 0..1000 does not apply to normalize ="
                + " zscore: z-scores are standard deviations from the mean (e.g. -1.5), not"
                + " rescaled to a range. Leave normalize.range_min = 0 and normalize.range_max ="
                + " 100 (the defaults), or use normalize = minmax, percentile or log_minmax for"
                + " scores in a range");
    assertThatThrownBy(
            () -> load(Map.of("normalize", "zscore", "normalize.clip_percentiles", "1,99")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "normalize.clip_percentiles = 1,99 cannot be used with normalize = zscore (z-scores"
                + " have no range to clip into): empty normalize.clip_percentiles or use normalize"
                + " = minmax or log_minmax");
  }

  @Test
  void logMinMaxTakesARangeAndClipPercentiles() {
    Normalization n =
        load(Map.of(
                "normalize", "log_minmax",
                "normalize.range_min", "-1",
                "normalize.range_max", "1",
                "normalize.clip_percentiles", "1,99"))
            .normalization();
    assertThat(n)
        .isEqualTo(
            new Normalization(
                Normalization.Method.LOG_MINMAX,
                new BigDecimal("-1"),
                BigDecimal.ONE,
                Optional.of(
                    new Normalization.ClipPercentiles(BigDecimal.ONE, new BigDecimal("99"))),
                Optional.empty()));
    assertThat(n.withinRange()).isTrue();
  }

  @Test
  void theSegmentColumnIsOffByDefaultAndMustBeAColumnName() {
    assertThat(load(Map.of()).normalization().segmentColumn()).isEmpty();
    assertThat(
            load(Map.of("normalize.segment_column", "plan_v2", "customers.path", "/c.csv"))
                .normalization()
                .segmentColumn())
        .contains("plan_v2");
    assertThatThrownBy(() -> load(Map.of("normalize.segment_column", "plan")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "normalize.segment_column = plan names a column of the customer dimension: set"
                + " customers.path, or empty normalize.segment_column.");
    for (String bad : List.of("plan tier", "2plan", "plan;drop", "`plan`")) {
      assertThatThrownBy(() -> load(Map.of("normalize.segment_column", bad)))
          .as(bad)
          .isInstanceOf(UserInputException.class)
          .hasMessage(
              "Invalid normalize.segment_column '"
                  + bad
                  + "': use a column name (letters, digits, underscores, not starting with a"
                  + " digit), e.g. plan, or empty for no segments");
    }
  }

  @Test
  void trendIsOffByDefaultAndChecked() {
    assertThat(load(Map.of()).trend()).isEqualTo(new Trend(Trend.Score.NONE, BigDecimal.ZERO));
    assertThat(load(Map.of("trend", "raw", "trend.stable_band", "2.5")).trend())
        .isEqualTo(new Trend(Trend.Score.RAW, new BigDecimal("2.5")));
    assertThatThrownBy(() -> load(Map.of("trend", "up")))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid trend 'up': use none, raw or normalized.");
    assertThatThrownBy(() -> load(Map.of("trend", "normalized")))
        .hasMessage("trend = normalized needs a normalization: set normalize, or set trend = raw.");
    assertThatThrownBy(() -> load(Map.of("trend", "raw", "trend.stable_band", "-1")))
        .hasMessage(
            "Invalid trend.stable_band '-1': use a number >= 0, e.g. 5 for changes of up to 5"
                + " points either way.");
  }

  // Account rollup.

  @Test
  void accountScoresAreOffByDefaultAndOnWithAColumnAndAPath() {
    assertThat(load(Map.of()).accounts()).isEmpty();
    assertThat(load(Map.of()).events().accountColumn()).isEmpty();
    JobSettings s =
        load(
            Map.of(
                "events.account_column", "org_id",
                "accounts.path", "/o_accounts",
                "accounts.rollup", "mean"));
    assertThat(s.events().accountColumn()).contains("org_id");
    assertThat(s.accounts())
        .contains(new JobSettings.Accounts("/o_accounts", JobSettings.Accounts.Rollup.MEAN));
    assertThat(load(Map.of("events.account_column", "org_id", "accounts.path", "/a")).accounts())
        .map(JobSettings.Accounts::rollup)
        .contains(JobSettings.Accounts.Rollup.SUM);
  }

  @Test
  void accountSettingsThatDoNotFitTogetherFailWithTheFix() {
    assertThatThrownBy(() -> load(Map.of("events.account_column", "org_id")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "events.account_column = 'org_id' needs accounts.path: set it to the Delta path of"
                + " the account table, or leave events.account_column empty to write no account"
                + " scores.");
    assertThatThrownBy(() -> load(Map.of("accounts.path", "/a")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "accounts.path = '/a' needs events.account_column: set it to the events' account id"
                + " column, or leave accounts.path empty to write no account scores.");
    assertThatThrownBy(() -> load(Map.of("accounts.rollup", "median")))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid accounts.rollup 'median': use sum or mean.");
    Map<String, String> on = Map.of("events.account_column", "org_id", "accounts.path", "/a");
    assertThatThrownBy(() -> load(with(on, "aggregate.path", "/daily")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "events.account_column cannot be combined with aggregate.path: the daily aggregate"
                + " stores counts per customer and day without the account, and a customer's"
                + " account is that of its latest event in the period. Leave aggregate.path empty"
                + " to score accounts, or events.account_column and accounts.path empty to use the"
                + " daily aggregate.");
    assertThatThrownBy(() -> load(with(on, "events.account_column", "customer_id")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid events.account_column 'customer_id': it is already"
                + " events.customer_column. Set it to the events' account id column.");
  }

  // Recency decay.

  @Test
  void recencyDecayIsOffByDefaultAndTakesAHalfLifeInDays() {
    assertThat(load(Map.of()).decayHalfLifeDays()).isEmpty();
    assertThat(load(Map.of("decay.half_life_days", "7")).decayHalfLifeDays()).hasValue(7);
    assertThat(load(Map.of("decay.half_life_days", "36500")).decayHalfLifeDays()).hasValue(36500);
  }

  @Test
  void aHalfLifeThatIsNotAWholeNumberOfDaysFailsWithTheFix() {
    for (String bad : List.of("0", "-7", "7.5", "7d", "one week", "36501", "99999999999")) {
      assertThatThrownBy(() -> load(Map.of("decay.half_life_days", bad)))
          .as(bad)
          .isInstanceOf(UserInputException.class)
          .hasMessage(
              "Invalid decay.half_life_days '"
                  + bad
                  + "': use a whole number of days from 1 to 36500 (an event that many days"
                  + " before its period's last day counts half), or leave it empty for no decay.");
    }
  }

  @Test
  void decayIsNotCombinedWithCapsOrTheBreakdownYet() {
    for (Map.Entry<String, String> other :
        Map.of("caps", "login:100", "breakdown.path", "/o_breakdown").entrySet()) {
      assertThatThrownBy(
              () -> load(Map.of("decay.half_life_days", "7", other.getKey(), other.getValue())))
          .isInstanceOf(UserInputException.class)
          .hasMessage(
              "decay.half_life_days cannot be combined with breakdown.path or caps yet: they count"
                  + " each event type with one weight per period, decay weighs each day. Leave"
                  + " decay.half_life_days empty to use them, or breakdown.path and caps empty to"
                  + " use decay.");
    }
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> all = new HashMap<>(base);
    all.put(key, value);
    return all;
  }

  @Test
  void breakdownAndCapsAreOffByDefault() {
    JobSettings s = load(Map.of());
    assertThat(s.breakdownPath()).isEmpty();
    assertThat(s.caps()).isEmpty();
    assertThat(s.sumsPerType()).isFalse();
    assertThat(load(Map.of("breakdown.path", "/b")).sumsPerType()).isTrue();
  }

  @Test
  void capsAreParsedPerEventType() {
    // Spaces around entries are ignored; a type may contain a colon (the cap follows the last).
    JobSettings s = load(Map.of("caps", " login:100 ,feature_used: 50, page:view:7"));
    assertThat(s.caps())
        .containsExactly(
            Map.entry("feature_used", 50L), Map.entry("login", 100L), Map.entry("page:view", 7L));
    assertThat(s.sumsPerType()).isTrue();
  }

  @Test
  void badCapsFailWithTheFix() {
    String fix =
        ". Use a comma-separated list of event_type:cap with whole numbers >= 1, e.g."
            + " login:100, feature_used:50 (empty: no caps).";
    assertThatThrownBy(() -> load(Map.of("caps", "login=100")))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid caps 'login=100': 'login=100' is not `event_type:cap`" + fix);
    assertThatThrownBy(() -> load(Map.of("caps", ":5")))
        .hasMessage("Invalid caps ':5': ':5' is not `event_type:cap`" + fix);
    assertThatThrownBy(() -> load(Map.of("caps", "login:100,")))
        .hasMessage("Invalid caps 'login:100,': '' is not `event_type:cap`" + fix);
    assertThatThrownBy(() -> load(Map.of("caps", "login:0")))
        .hasMessage(
            "Invalid caps 'login:0': the cap of 'login' is '0', not a whole number of at least 1"
                + fix);
    assertThatThrownBy(() -> load(Map.of("caps", "login:-5")))
        .hasMessageContaining("the cap of 'login' is '-5', not a whole number of at least 1");
    assertThatThrownBy(() -> load(Map.of("caps", "login:2.5")))
        .hasMessageContaining("the cap of 'login' is '2.5', not a whole number of at least 1");
    assertThatThrownBy(() -> load(Map.of("caps", "login:")))
        .hasMessageContaining("the cap of 'login' is '', not a whole number of at least 1");
    assertThatThrownBy(() -> load(Map.of("caps", "login:100, login:50")))
        .hasMessage("Invalid caps 'login:100, login:50': 'login' is capped twice" + fix);
  }

  @Test
  void aCapOnATypeWithoutAWeightFails() {
    Caps.requireKnown(Map.of("login", 100L), List.of("login", "signup"), "/w.csv");
    assertThatThrownBy(
            () -> Caps.requireKnown(Map.of("Login", 100L), List.of("login", "signup"), "/w.csv"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid caps: event type 'Login' has no weight in /w.csv (types are matched"
                + " exactly). Fix the type in caps or add it to the weights.");
  }

  // Categories and combined scores.

  @Test
  void categoriesAreOffByDefaultAndParsedWhenSet() {
    assertThat(load(Map.of()).categories()).isEqualTo(Categories.OFF);
    JobSettings s =
        load(
            Map.of(
                "normalize",
                "minmax",
                "categories.weights",
                "product:50, support : 20,billing:20, other:10",
                "tiers.score",
                "combined"));
    assertThat(s.categories().weights())
        .containsExactly(
            Map.entry("billing", new BigDecimal("20")),
            Map.entry("other", new BigDecimal("10")),
            Map.entry("product", new BigDecimal("50")),
            Map.entry("support", new BigDecimal("20")));
    assertThat(s.categories().tiersOnCombined()).isTrue();
    // 33.3333 + 33.3333 + 33.3334 = 100 exactly; a zero share is allowed.
    assertThat(
            load(Map.of(
                    "normalize",
                    "minmax",
                    "categories.weights",
                    "a:33.3333, b:33.3333, c:33.3334, d:0"))
                .categories()
                .weights())
        .hasSize(4);
  }

  @Test
  void badCategorySettingsFailWithTheFix() {
    String example = ". Example: categories.weights = product:50, support:20, billing:20, other:10";
    Map<String, String> on = Map.of("normalize", "minmax");
    assertThatThrownBy(() -> load(with(on, "categories.weights", "product:60, support:30")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid categories.weights 'product:60, support:30': the weights sum to 90, not 100"
                + " (they are percents)"
                + example);
    assertThatThrownBy(() -> load(with(on, "categories.weights", "product:50, product:50")))
        .hasMessage(
            "Invalid categories.weights 'product:50, product:50': category 'product' appears"
                + " twice"
                + example);
    assertThatThrownBy(() -> load(with(on, "categories.weights", "product=100")))
        .hasMessage(
            "Invalid categories.weights 'product=100': 'product=100' is not `category:percent`"
                + example);
    assertThatThrownBy(() -> load(with(on, "categories.weights", "product:half, support:50")))
        .hasMessage(
            "Invalid categories.weights 'product:half, support:50': the weight 'half' of"
                + " 'product' is not a number"
                + example);
    assertThatThrownBy(() -> load(with(on, "categories.weights", "product:110, support:-10")))
        .hasMessage(
            "Invalid categories.weights 'product:110, support:-10': the weight -10 of 'support'"
                + " must be >= 0 with at most 4 decimal places"
                + example);
    assertThatThrownBy(() -> load(Map.of("categories.weights", "product:100")))
        .hasMessage(
            "categories.weights = 'product:100' needs normalize = minmax, percentile, zscore or"
                + " log_minmax: the sub-scores are"
                + " normalized before they are combined. Enable normalization, or leave"
                + " categories.weights empty.");
    assertThatThrownBy(() -> load(with(on, "tiers.score", "combined")))
        .hasMessage(
            "tiers.score = combined needs categories.weights: set it (e.g. product:50,"
                + " support:50), or set tiers.score = raw or normalized.");
    assertThatThrownBy(() -> load(Map.of("tiers.score", "best")))
        .hasMessage("Invalid tiers.score 'best': use raw, normalized or combined");
  }

  // Tier transitions and alerts (docs/transitions.md).

  @Test
  void transitionsAreOffByDefault() {
    assertThat(load(Map.of()).transitions()).isEmpty();
  }

  @Test
  void alertRulesAreParsedInOrderWithCanonicalNames() {
    JobSettings s =
        load(
            Map.of(
                "transitions.path",
                "/o_transitions",
                "transitions.alerts",
                " fell_into:at_risk ,dropped_pct: 20.50, no_events_days:30,fell_into:disengaged,"
                    + " dropped_pct:1e2"));
    Alerts alerts = s.transitions().orElseThrow().alerts();
    assertThat(s.transitions().orElseThrow().path()).isEqualTo("/o_transitions");
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
    assertThat(load(Map.of("transitions.path", "/t")).transitions())
        .contains(new JobSettings.Transitions("/t", Alerts.NONE));
  }

  @Test
  void badAlertRulesFailWithTheFix() {
    String fix =
        ". Use a comma-separated list of fell_into:<tier>, dropped_pct:<percent> and"
            + " no_events_days:<days>, e.g. fell_into:at_risk, dropped_pct:20, no_events_days:30"
            + " (empty: no alerts).";
    Map<String, String> expected =
        Map.of(
            "fell_into=at_risk",
            "'fell_into=at_risk' is not `rule:value`",
            "fell_into:at_risk,",
            "'' is not `rule:value`",
            "rose_pct:10",
            "'rose_pct' is not a rule (known: fell_into, dropped_pct, no_events_days)",
            "fell_into:churned",
            "'churned' in fell_into:churned is not a tier of tiers [at_risk, disengaged,"
                + " somewhat_engaged, engaged, power_user]",
            "dropped_pct:0",
            "the percent of dropped_pct is '0', not a number above 0 with at most 2 decimal places",
            "dropped_pct:12.345",
            "the percent of dropped_pct is '12.345', not a number above 0 with at most 2 decimal"
                + " places",
            "dropped_pct:ten",
            "the percent of dropped_pct is 'ten', not a number above 0 with at most 2 decimal"
                + " places",
            "no_events_days:0",
            "the days of no_events_days are '0', not a whole number from 1 to 36500",
            "no_events_days:7.5",
            "the days of no_events_days are '7.5', not a whole number from 1 to 36500",
            "dropped_pct:20, dropped_pct:20.0",
            "'dropped_pct:20' appears twice");
    expected.forEach(
        (spec, problem) ->
            assertThatThrownBy(
                    () -> load(Map.of("transitions.path", "/t", "transitions.alerts", spec)))
                .as(spec)
                .isInstanceOf(UserInputException.class)
                .hasMessage("Invalid transitions.alerts '" + spec + "': " + problem + fix));
  }

  @Test
  void alertsNeedTheTransitionsTable() {
    assertThatThrownBy(() -> load(Map.of("transitions.alerts", "dropped_pct:20")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "transitions.alerts = 'dropped_pct:20' needs transitions.path: the alerts are computed"
                + " in the transitions table. Set transitions.path, or leave transitions.alerts"
                + " empty.");
  }

  @Test
  void theRestatementLogIsNextToTheOutputAndTheReasonIsNoPartOfTheConfigHash() {
    JobSettings plain = load(Map.of());
    assertThat(plain.restatementsPath()).isEmpty();
    assertThat(plain.restatementsReason()).isEmpty();
    JobSettings reasoned = load(Map.of("restatements.reason", "weights review 2026-Q4"));
    assertThat(reasoned.restatementsReason()).contains("weights review 2026-Q4");
    assertThat(reasoned.configHash()).isEqualTo(plain.configHash());
    assertThat(load(Map.of("restatements.path", "/o_log")).configHash())
        .isNotEqualTo(plain.configHash());
  }
}
