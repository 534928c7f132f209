package dev.engagement.score.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class PreviewCommandLineTest {
  private static final String[] REQUIRED = {
    "--events", "/e", "--weights", "/w.csv", "--output", "/o"
  };

  private static JobSettings settings(PreviewCommandLine cli) {
    return SettingsLoader.load(cli.job().configFiles(), cli.job().overrides());
  }

  private static String[] with(String... more) {
    String[] all = new String[REQUIRED.length + more.length];
    System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
    System.arraycopy(more, 0, all, REQUIRED.length, more.length);
    return all;
  }

  @Test
  void takesItsFlagsAndPassesTheJobFlagsOn() {
    PreviewCommandLine cli =
        PreviewCommandLine.parse(
            with(
                "--config",
                "a.conf",
                "--proposed-weights",
                "new.csv",
                "--date",
                "2026-10-31",
                "--top=5",
                "--report",
                "/r",
                "--set",
                "normalize.method=minmax"));

    assertThat(cli.proposedWeights()).isEqualTo("new.csv");
    assertThat(cli.job().configFiles()).containsExactly("a.conf");
    assertThat(cli.job().date()).contains(LocalDate.parse("2026-10-31"));
    assertThat(cli.job().overrides())
        .containsEntry("preview.top", "5")
        .containsEntry("preview.report_path", "/r")
        .containsEntry("normalize.method", "minmax")
        .containsEntry("weights.path", "/w.csv");
  }

  @Test
  void topAndReportBecomeSettingsWithTheirDefaults() {
    JobSettings defaults =
        SettingsLoader.load(
            List.of(), Map.of("events.path", "/e", "weights.path", "/w", "output.path", "/o"));
    assertThat(defaults.preview()).isEqualTo(new JobSettings.Preview(20, Optional.empty()));

    JobSettings set =
        settings(
            PreviewCommandLine.parse(
                with("--proposed-weights=n.csv", "--top", "3", "--report=/tmp/r")));
    assertThat(set.preview()).isEqualTo(new JobSettings.Preview(3, Optional.of("/tmp/r")));
  }

  @Test
  void refusesAMissingProposedTable() {
    assertThatThrownBy(() -> PreviewCommandLine.parse(with("--date", "2026-10-31")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "preview-weights needs --proposed-weights PATH: the weight table to compare with the"
                + " current weights (weights.path). See preview-weights --help.");
    assertThatThrownBy(() -> PreviewCommandLine.parse(with("--proposed-weights")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Flag --proposed-weights needs a value: --proposed-weights PATH."
                + " See preview-weights --help.");
    assertThatThrownBy(() -> PreviewCommandLine.parse(with("--proposed-weights", "  ")))
        .hasMessageStartingWith("preview-weights needs --proposed-weights PATH");
  }

  @Test
  void refusesATopThatIsNotAPositiveWholeNumber() {
    for (String top : List.of("0", "-1", "ten", "2.5")) {
      assertThatThrownBy(
              () ->
                  settings(PreviewCommandLine.parse(with("--proposed-weights", "n", "--top", top))))
          .isInstanceOf(UserInputException.class)
          .hasMessage(
              "Invalid preview.top '"
                  + top
                  + "' (the command line): use a whole number of customers >= 1, e.g. 20 (--top).");
    }
  }

  @Test
  void jobFlagErrorsStillApply() {
    assertThatThrownBy(
            () -> PreviewCommandLine.parse(with("--proposed-weights", "n", "--bogus", "1")))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Unknown flag --bogus: remove it. See preview-weights --help.");
    assertThatThrownBy(
            () ->
                PreviewCommandLine.parse(
                    with(
                        "--proposed-weights", "n", "--date", "2026-10-31", "--from", "2026-10-01")))
        .hasMessage("Use either --date or --from/--to, not both. See preview-weights --help.");
  }
}
