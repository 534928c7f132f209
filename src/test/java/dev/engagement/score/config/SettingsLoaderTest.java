package dev.engagement.score.config;

import static dev.engagement.score.config.TestSettings.PATHS;
import static dev.engagement.score.config.TestSettings.load;
import static dev.engagement.score.config.TestSettings.rules;
import static dev.engagement.score.config.TestSettings.trend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core settings: defaults, overlays in order, required paths, checked values. */
@Tag("fast")
class SettingsLoaderTest {
  @TempDir Path dir;

  @Test
  void everyShippedOverlayLoads() {
    for (String name : List.of("example.conf", "local.conf", "prod.conf")) {
      TestSettings.checked(SettingsLoader.load(List.of("conf/" + name), PATHS));
    }
    JobSettings prod = SettingsLoader.load(List.of("conf/prod.conf"), Map.of());
    assertThat(prod.events().path()).isEqualTo("s3a://analytics-lake/events/product_events");
    assertThat(rules(prod).normalization().method()).isEqualTo(Normalization.Method.MINMAX);
    JobSettings example = SettingsLoader.load(List.of("conf/example.conf"), Map.of());
    assertThat(example.date()).contains(LocalDate.parse("2026-10-31"));
    assertThat(trend(example).stableBand()).isEqualByComparingTo("5");
  }

  @Test
  void defaultsComeFromReferenceConf() {
    JobSettings s = load();
    assertThat(s.calendar().label()).isEqualTo("month");
    assertThat(s.timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(rules(s).normalization())
        .isEqualTo(
            new Normalization(
                Normalization.Method.NONE,
                BigDecimal.ZERO,
                new BigDecimal("100"),
                Optional.empty(),
                Optional.empty()));
    assertThat(s.tiers().tiers())
        .containsExactly(
            new TierRules.Tier("at_risk", BigDecimal.ZERO, false),
            new TierRules.Tier("disengaged", new BigDecimal("40"), true),
            new TierRules.Tier("somewhat_engaged", new BigDecimal("70"), true),
            new TierRules.Tier("engaged", new BigDecimal("100"), true),
            new TierRules.Tier("power_user", null, false));
    assertThat(rules(s).tiersOnNormalized()).isFalse();
    assertThat(s.events().customerColumn()).isEqualTo("customer_id");
    assertThat(s.events().partitionColumn()).isEqualTo(Optional.empty());
    assertThat(s.events().format()).isEqualTo(SourceFormat.AUTO);
    assertThat(s.events().minTime()).hasToString("2000-01-01T00:00:00Z");
    assertThat(s.maxRejectRatio()).isEqualByComparingTo("0.01");
    assertThat(s.preview()).isEqualTo(new JobSettings.Preview(20, Optional.empty()));
    assertThat(s.backtest().horizonDays()).isEqualTo(90);
  }

  @Test
  void overlaysApplyInOrderAndTheCommandLineWins() throws IOException {
    String base =
        TestSettings.write(
            dir, "base.conf", "engagement { period = week, timezone = Asia/Tokyo }\n");
    String env =
        TestSettings.write(
            dir,
            "env.conf",
            "# comment\nengagement.period = rolling\nengagement { window_days = 7 }\n");
    Map<String, String> cli = TestSettings.overrides("timezone", "Europe/Berlin");
    JobSettings s = SettingsLoader.load(List.of(base, env), cli);
    assertThat(s.calendar().label()).isEqualTo("rolling_7d");
    assertThat(s.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void missingConfigFileAndRequiredPathsFail() {
    String missing = dir.resolve("nope.conf").toString();
    assertThatThrownBy(() -> SettingsLoader.load(List.of(missing), PATHS))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Config file " + missing + " does not exist: check the --config path");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(), Map.of("events.path", "/e")))
        .hasMessage(
            "Missing setting weights.path: set it in a --config file or pass --weights PATH");
  }

  @Test
  void invalidValuesNameTheKeyWhereItWasSetAndTheFix() throws IOException {
    assertThatThrownBy(() -> load("period", "year"))
        .hasMessage(
            "Invalid period 'year' (the command line): use one of day, week, month, quarter,"
                + " rolling");
    assertThatThrownBy(() -> TestSettings.file(dir, "engagement {\n  window_days = 0\n}\n"))
        .hasMessage(
            "Invalid window_days '0' ("
                + dir.resolve("test.conf")
                + " line 2): use a whole number of days >= 1.");
    assertThatThrownBy(() -> load("timezone", "Mars/Olympus"))
        .hasMessage(
            "Invalid timezone 'Mars/Olympus' (the command line): use an IANA name such as UTC,"
                + " Europe/Berlin or Asia/Tokyo");
    assertThatThrownBy(() -> load("on_empty", "ignore"))
        .hasMessage("Invalid on_empty 'ignore' (the command line): use fail, write_empty or skip.");
    assertThatThrownBy(() -> load("max_reject_ratio", "5%"))
        .hasMessage(
            "Invalid max_reject_ratio '5%' (the command line): use a number from 0 to 1, e.g. 0.01"
                + " for 1%.");
    assertThatThrownBy(() -> load("max_reject_ratio", "1.5"))
        .hasMessageContaining("use a number from 0 to 1");
    assertThatThrownBy(() -> load("events.min_time", "2000-01-01"))
        .hasMessage(
            "Invalid events.min_time '2000-01-01' (the command line): use an ISO instant, e.g."
                + " \"2000-01-01T00:00:00Z\".");
    assertThatThrownBy(() -> load("events.format", "csv"))
        .hasMessage(
            "Invalid events.format 'csv' (the command line): use one of [auto, delta, parquet]");
    assertThatThrownBy(() -> load("catalog.table", "bi.engagement scores"))
        .hasMessage(
            "Invalid catalog.table 'bi.engagement scores' (the command line): use table, db.table"
                + " or catalog.db.table (letters, digits, underscores).");
    assertThat(load("catalog.table", "main.bi.scores").catalogTable()).contains("main.bi.scores");
    assertThatThrownBy(() -> load("catalog.managed", "true"))
        .hasMessage(
            "catalog.managed = true needs the managed table's name: set catalog.table (db.table or"
                + " catalog.db.table) (catalog.managed: the command line)");
    assertThatThrownBy(() -> load("catalog.managed", "true", "catalog.table", "main.bi.scores"))
        .hasMessage(
            "output.path (--output) is set, but catalog.managed = true: the catalog chooses a"
                + " managed table's storage. Remove output.path, or set catalog.managed = false"
                + " to write the table at output.path and register it as catalog.table"
                + " (output.path: the command line)");
    JobSettings managed =
        load("catalog.managed", "true", "catalog.table", "main.bi.scores", "output.path", "");
    assertThat(managed.managedTable()).isTrue();
    assertThat(managed.outputPath()).isEmpty();
    assertThatThrownBy(() -> load("date", "31.10.2026"))
        .hasMessage("Invalid date '31.10.2026' (the command line): use YYYY-MM-DD.");
  }

  @Test
  void aValueOfTheWrongTypeSaysWhatItIsAndWhatItMustBe() throws IOException {
    assertThatThrownBy(() -> TestSettings.file(dir, "engagement.period = [month]\n"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid period ("
                + dir.resolve("test.conf")
                + " line 1): it is a list [\"month\"], but must be a single value (text, number or"
                + " true/false)");
    assertThatThrownBy(() -> load("preview.top", "0"))
        .hasMessage(
            "Invalid preview.top '0' (the command line): use a whole number of customers >= 1,"
                + " e.g. 20 (--top).");
  }

  @Test
  void identifierAndTimeEncodingsDefaultToTodaysRulesAndAreChecked() {
    JobSettings.Events defaults = load().events();
    assertThat(defaults.customerIdWhitespace()).isEqualTo(CustomerIdWhitespace.WARN);
    assertThat(defaults.customerIdIntegers()).isFalse();
    assertThat(defaults.timeEncoding()).isEqualTo(TimeEncoding.TIMESTAMP);
    JobSettings.Events set =
        load(
                "events.customer_id_whitespace", "reject",
                "events.customer_id_integers", "true",
                "events.time_encoding", "epoch_millis")
            .events();
    assertThat(set.customerIdWhitespace()).isEqualTo(CustomerIdWhitespace.REJECT);
    assertThat(set.customerIdIntegers()).isTrue();
    assertThat(set.timeEncoding()).isEqualTo(TimeEncoding.EPOCH_MILLIS);
    assertThatThrownBy(() -> load("events.customer_id_whitespace", "strip"))
        .hasMessage(
            "Invalid events.customer_id_whitespace 'strip' (the command line): use warn, reject"
                + " or trim.");
    assertThatThrownBy(() -> load("events.customer_id_integers", "yes"))
        .hasMessage(
            "Invalid events.customer_id_integers 'yes' (the command line): use true or false.");
    assertThatThrownBy(() -> load("events.time_encoding", "epoch_micros"))
        .hasMessage(
            "Invalid events.time_encoding 'epoch_micros' (the command line): use timestamp,"
                + " epoch_seconds, epoch_millis or date.");
  }

  @Test
  void eventIdsAreComparedPerCustomerByDefaultAndTheSettingsAreChecked() {
    JobSettings.Events defaults = load().events();
    assertThat(defaults.idScope()).isEqualTo(IdScope.CUSTOMER);
    assertThat(defaults.uniqueIds()).isFalse();
    JobSettings.Events set =
        load("events.id_scope", "GLOBAL", "events.unique_ids", "true").events();
    assertThat(set.idScope()).isEqualTo(IdScope.GLOBAL);
    assertThat(set.uniqueIds()).isTrue();
    assertThatThrownBy(() -> load("events.id_scope", "account"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid events.id_scope 'account' (the command line): use customer or global.");
    assertThatThrownBy(() -> load("events.unique_ids", "maybe"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Invalid events.unique_ids 'maybe' (the command line): use true or false.");
  }

  @Test
  void tiersMayApplyToTheNormalizedScore() {
    JobSettings s =
        load(
            "normalize.method", "minmax",
            "tiers.score", "normalized",
            "normalize.range_max", "1000");
    assertThat(rules(s).tiersOnNormalized()).isTrue();
    assertThat(rules(s).normalization().rangeMax()).isEqualByComparingTo("1000");
    assertThatThrownBy(() -> load("tiers.score", "normalized"))
        .hasMessage(
            "tiers.score = normalized needs normalize.method = minmax, percentile, zscore or"
                + " log_minmax: enable normalization or set tiers.score = raw (tiers.score: the"
                + " command line)");
    assertThatThrownBy(() -> load("tiers.score", "best"))
        .hasMessage(
            "Invalid tiers.score 'best' (the command line): use raw, normalized or combined");
  }
}
