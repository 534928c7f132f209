package dev.engagement.score.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class CommandLineTest {
  private static JobSettings settings(String timezone, String date, String... more) {
    Map<String, String> v =
        new HashMap<>(Map.of("events.path", "/e", "weights.path", "/w", "output.path", "/o"));
    v.put("timezone", timezone);
    v.put("date", date);
    for (int i = 0; i < more.length; i += 2) {
      v.put(more[i], more[i + 1]);
    }
    return SettingsLoader.load(List.of(), v);
  }

  private static final JobSettings MONTHS_UTC = settings("UTC", "");

  private static Period month(String start, String end) {
    return new Period("month", LocalDate.parse(start), LocalDate.parse(end));
  }

  @Test
  void settingFlagsBecomeOverridesAndConfigsKeepTheirOrder() {
    CommandLine cli =
        CommandLine.parse(
            new String[] {
              "--config",
              "a.conf",
              "--config=b.conf",
              "--events",
              "/e",
              "--weights=/w.csv",
              "--output",
              "/o",
              "--period",
              "week",
              "--window-days",
              "7",
              "--timezone",
              "Asia/Tokyo",
              "--normalize",
              "minmax",
              "--summary",
              "s3a://bucket/runs/r1.json",
              "--set",
              "tiers.rules = [{name = low, below = 10}, {name = high}]",
              "--set=max_reject_ratio=0.5"
            });
    assertThat(cli.configFiles()).containsExactly("a.conf", "b.conf");
    assertThat(cli.summaryPath()).as("--summary").contains("s3a://bucket/runs/r1.json");
    assertThat(cli.overrides())
        .isEqualTo(
            Map.of(
                "events.path",
                "/e",
                "weights.path",
                "/w.csv",
                "output.path",
                "/o",
                "period",
                "week",
                "window_days",
                "7",
                "timezone",
                "Asia/Tokyo",
                "normalize.method",
                "minmax",
                "tiers.rules",
                "[{name = low, below = 10}, {name = high}]",
                "max_reject_ratio",
                "0.5"));
  }

  @Test
  void configFilesAreKeptAsGivenAndOverridesInTheirOrder() {
    CommandLine cli =
        CommandLine.parse(
            new String[] {
              "--config",
              "s3a://bucket/conf/prod.conf",
              "--config=abfss://c@acct.dfs.core.windows.net/x.conf",
              "--events",
              "/e",
              "--set",
              "caps.login=5",
              "--set",
              "caps={feature_used = 2}",
              "--weights",
              "/w",
              "--output",
              "/o",
              "--set",
              "caps.login=7",
              "--print-config"
            });
    // Path.of would have made s3a:/bucket/... of the first.
    assertThat(cli.configFiles())
        .containsExactly(
            "s3a://bucket/conf/prod.conf", "abfss://c@acct.dfs.core.windows.net/x.conf");
    assertThat(cli.paths().reads())
        .containsExactly(
            new PathConflicts.Use("--config", "s3a://bucket/conf/prod.conf"),
            new PathConflicts.Use("--config", "abfss://c@acct.dfs.core.windows.net/x.conf"));
    assertThat(cli.printConfig()).isTrue();
    // The overrides apply in order; a key given again moves to its last place, so the last flag
    // wins also over a flag that replaced its whole block in between.
    assertThat(cli.overrides())
        .containsExactly(
            entry("events.path", "/e"),
            entry("caps", "{feature_used = 2}"),
            entry("weights.path", "/w"),
            entry("output.path", "/o"),
            entry("caps.login", "7"));
    JobSettings settings = SettingsLoader.load(List.of(), cli.overrides());
    assertThat(ScoreRules.from(settings).caps()).isEqualTo(Map.of("feature_used", 2L, "login", 7L));
  }

  @Test
  void dateScoresThePeriodContainingIt() {
    assertThat(
            CommandLine.parse(new String[] {"--date", "2026-10-15"})
                .periods(MONTHS_UTC, Clock.systemUTC()))
        .containsExactly(month("2026-10-01", "2026-10-31"));
  }

  @Test
  void rangeScoresEveryOverlappingPeriod() {
    assertThat(
            CommandLine.parse(new String[] {"--from", "2026-09-30", "--to", "2026-11-01"})
                .periods(MONTHS_UTC, Clock.systemUTC()))
        .containsExactly(
            month("2026-09-01", "2026-09-30"),
            month("2026-10-01", "2026-10-31"),
            month("2026-11-01", "2026-11-30"));
  }

  @Test
  void defaultIsThePeriodContainingYesterdayInTheBusinessZone() {
    // 2026-11-01T20:00Z is already 2026-11-02 in Tokyo: yesterday there is 2026-11-01.
    Clock clock = Clock.fixed(Instant.parse("2026-11-01T20:00:00Z"), ZoneOffset.UTC);
    List<Period> tokyo =
        CommandLine.parse(new String[0]).periods(settings("Asia/Tokyo", ""), clock);
    List<Period> utc = CommandLine.parse(new String[0]).periods(MONTHS_UTC, clock);
    assertThat(tokyo).containsExactly(month("2026-11-01", "2026-11-30"));
    assertThat(utc).containsExactly(month("2026-10-01", "2026-10-31"));
  }

  @Test
  void aConfiguredDateIsUsedUnlessTheFlagsSayOtherwise() {
    JobSettings pinned = settings("UTC", "2026-09-10");
    assertThat(CommandLine.parse(new String[0]).periods(pinned, Clock.systemUTC()))
        .containsExactly(month("2026-09-01", "2026-09-30"));
    assertThat(
            CommandLine.parse(new String[] {"--date", "2026-10-10"})
                .periods(pinned, Clock.systemUTC()))
        .containsExactly(month("2026-10-01", "2026-10-31"));
    assertThatThrownBy(() -> settings("UTC", "10/09/2026"))
        .hasMessage("Invalid date '10/09/2026' (the command line): use YYYY-MM-DD.");
  }

  @Test
  void badDatesAndFlagsFailWithTheFix() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--date", "2026-13-01"}))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid date '2026-13-01' for --date: use YYYY-MM-DD, e.g. 2026-10-31."
                + " See score --help.");
    assertThatThrownBy(
            () -> CommandLine.parse(new String[] {"--from", "2026-11-02", "--to", "2026-11-01"}))
        .hasMessage("--from 2026-11-02 is after --to 2026-11-01: swap them. See score --help.");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--from", "2026-11-01"}))
        .hasMessageContaining("--from and --to go together");
    assertThatThrownBy(
            () -> CommandLine.parse(new String[] {"--date", "2026-11-01", "--to", "2026-11-02"}))
        .hasMessage("Use either --date or --from/--to, not both. See score --help.");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--set", "tiers"}))
        .hasMessage(
            "--set needs KEY=VALUE, e.g. --set max_reject_ratio=0.05; got 'tiers'."
                + " See score --help.");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--master", "local"}))
        .hasMessage("Unknown flag --master: remove it. See score --help.");
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--date"}))
        .hasMessage("Flag --date needs a value: --date YYYY-MM-DD. See score --help.");
  }

  @Test
  void aLookbackAlsoRescoresThePeriodsOfTheDaysBefore() {
    JobSettings lookback = settings("UTC", "", "lookback_days", "3");
    // 2026-11-02 minus 3 days is 2026-10-30: October and November.
    assertThat(
            CommandLine.parse(new String[] {"--date", "2026-11-02"})
                .periods(lookback, Clock.systemUTC()))
        .containsExactly(month("2026-10-01", "2026-10-31"), month("2026-11-01", "2026-11-30"));
    assertThat(
            CommandLine.parse(new String[] {"--date", "2026-11-20", "--lookback-days", "3"})
                .periods(MONTHS_UTC, Clock.systemUTC()))
        .containsExactly(month("2026-11-01", "2026-11-30"));
  }

  @Test
  void aRangeLongerThanTheMaximumIsRefused() {
    JobSettings capped = settings("UTC", "", "max_range_days", "31");
    assertThat(
            CommandLine.parse(new String[] {"--from", "2026-10-01", "--to", "2026-10-31"})
                .periods(capped, Clock.systemUTC()))
        .hasSize(1);
    assertThatThrownBy(
            () ->
                CommandLine.parse(new String[] {"--from", "2026-10-01", "--to", "2026-11-01"})
                    .periods(capped, Clock.systemUTC()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The dates 2026-10-01..2026-11-01 span 32 days, more than max_range_days = 31:"
                + " split the backfill into smaller ranges or raise max_range_days.");
  }

  @Test
  void reasonSetsTheRestatementReason() {
    assertThat(CommandLine.parse(new String[] {"--reason", "weights review 2026-Q4"}).overrides())
        .containsExactly(entry("restatements.reason", "weights review 2026-Q4"));
  }
}
