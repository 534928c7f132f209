package dev.engagement.score.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class BacktestCommandLineTest {
  private static final Map<String, String> PATHS =
      Map.of("events.path", "/e", "weights.path", "/w", "output.path", "/o");

  @Test
  void itsFlagsSetItsKeysAndTheJobFlagsStillWork() {
    CommandLine cli =
        BacktestCommandLine.parse(
            new String[] {
              "--config",
              "a.conf",
              "--outcomes",
              "/data/outcomes.csv",
              "--from",
              "2026-09-01",
              "--to",
              "2026-11-30",
              "--horizon-days=30",
              "--report",
              "/out/report",
              "--output",
              "/out/scores"
            });
    assertThat(cli.configFiles()).containsExactly("a.conf");
    assertThat(cli.from()).contains(LocalDate.parse("2026-09-01"));
    assertThat(cli.to()).contains(LocalDate.parse("2026-11-30"));
    assertThat(cli.overrides())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "backtest.outcomes.path", "/data/outcomes.csv",
                "backtest.horizon_days", "30",
                "backtest.report.path", "/out/report",
                "output.path", "/out/scores"));
  }

  @Test
  void theDefaultsAreANinetyDayHorizonAndNoReport() {
    JobSettings settings = SettingsLoader.load(List.of(), PATHS);
    assertThat(settings.backtest())
        .isEqualTo(
            new JobSettings.Backtest(Optional.empty(), SourceFormat.AUTO, 90, Optional.empty()));
  }

  @Test
  void badArgumentsSayWhatToFix() {
    assertThatThrownBy(() -> BacktestCommandLine.parse(new String[] {"--outcomes"}))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Flag --outcomes needs a value: --outcomes PATH. See backtest --help.");
    assertThatThrownBy(() -> BacktestCommandLine.parse(new String[] {"--horizon", "30"}))
        .hasMessage("Unknown flag --horizon: did you mean --horizon-days? See backtest --help.");
    CommandLine zero = BacktestCommandLine.parse(new String[] {"--horizon-days", "0"});
    assertThatThrownBy(() -> SettingsLoader.load(List.of(), merged(zero.overrides())))
        .hasMessage(
            "Invalid backtest.horizon_days '0' (the command line): use a whole number of days"
                + " >= 1.");
    CommandLine format =
        BacktestCommandLine.parse(new String[] {"--set", "backtest.outcomes.format=xls"});
    assertThatThrownBy(() -> SettingsLoader.load(List.of(), merged(format.overrides())))
        .hasMessage(
            "Invalid backtest.outcomes.format 'xls' (the command line): use one of [auto, csv,"
                + " delta, parquet]");
  }

  private static Map<String, String> merged(Map<String, String> overrides) {
    Map<String, String> all = new HashMap<>(PATHS);
    all.putAll(overrides);
    return all;
  }
}
