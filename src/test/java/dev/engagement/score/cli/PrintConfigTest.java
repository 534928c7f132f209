package dev.engagement.score.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.ScoreJob;
import dev.engagement.score.backtest.BacktestJob;
import dev.engagement.score.model.UserInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** {@code --print-config}: the effective settings as HOCON, without Spark. */
@Tag("fast")
// It replaces System.out for a moment: no other test class may run then (pom.xml runs two).
@Isolated
class PrintConfigTest {
  private static final String[] ARGS = {
    "--events",
    "s3a://id:topsecret@lake/events",
    "--weights",
    "/w.csv",
    "--output",
    "/o",
    "--period",
    "week",
    "--set",
    "caps.login=12",
    "--print-config"
  };

  @Test
  void printsTheEffectiveSettingsRedactedAndNeedsNoSpark() {
    Launcher.Prepared command = ScoreJob.command(ARGS);
    // Done: the launcher returns its text without building a session.
    assertThat(command).isInstanceOf(Launcher.Done.class);
    String text = ((Launcher.Done) command).output();
    assertThat(text)
        .startsWith("engagement {\n")
        .contains("  caps {\n    login = 12\n  }\n")
        .contains("    path = \"s3a://id:<redacted>@lake/events\"\n")
        .contains("  period = \"week\"\n")
        .doesNotContain("topsecret")
        .endsWith("  window_days = 30\n}");
  }

  @Test
  void launchingItExitsZeroAndPrintsTheSettings() {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = ScoreJob.launch(ARGS);
    } finally {
      System.setOut(stdout);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("engagement {\n");
  }

  @Test
  void badSettingsStillExitWithTwo() {
    String[] bad = {
      "--events",
      "/e",
      "--weights",
      "/w",
      "--output",
      "/o",
      "--set",
      "normalize=minmax",
      "--print-config"
    };
    assertThat(ScoreJob.launch(bad)).isEqualTo(UserInputException.EXIT_CODE);
  }

  @Test
  void isAFlagOfEveryCommandThatReadsTheSettings() {
    assertThat(CommandLine.parse(ARGS).printConfig()).isTrue();
    assertThat(CommandLine.parse(new String[] {"--period", "week"}).printConfig()).isFalse();
    assertThat(Cli.help("score")).contains("--print-config");
    // Backtest and preview-weights print their settings too, without Spark and before their
    // own checks (no outcome table is needed to see the settings).
    String[] backtest = new String[ARGS.length + 1];
    backtest[0] = "backtest";
    System.arraycopy(ARGS, 0, backtest, 1, ARGS.length);
    Launcher.Outcome outcome =
        Launcher.outcome(
            backtest,
            new Launcher.Commands(
                ScoreJob::command,
                cli -> {
                  throw new AssertionError("not preview-weights");
                },
                BacktestJob::command,
                cli -> {
                  throw new AssertionError("not maintain");
                }));
    assertThat(outcome.exitCode()).as(outcome.output()).isZero();
    assertThat(outcome.output()).startsWith("engagement {\n").contains("  period = \"week\"\n");
  }
}
