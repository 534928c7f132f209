package dev.engagement.score.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole command line as {@code ScoreJob.main} runs it, without Spark: the commands, the default
 * command, help, version, and how bad arguments are reported (exit code and message).
 */
@Tag("fast")
class CliTest {
  /**
   * Commands that never run: each reports, as bad input, which one was given what. A help or error
   * outcome shows that none was reached, so Spark never started.
   */
  private static final Launcher.Commands REPORTING =
      new Launcher.Commands(
          cli -> {
            throw new UserInputException("score " + cli);
          },
          cli -> {
            throw new UserInputException("preview-weights " + cli);
          },
          cli -> {
            throw new UserInputException("backtest " + cli);
          },
          cli -> {
            throw new UserInputException("maintain " + cli);
          });

  private static Launcher.Outcome run(String... args) {
    return Launcher.outcome(args, REPORTING);
  }

  @Test
  void onAPlatformThatOwnsTheJvmAFailureThrowsAndSuccessReturnsWithoutExiting() {
    List<Integer> exits = new java.util.ArrayList<>();
    Launcher.end(2, Map.of(), exits::add);
    assertThat(exits).containsExactly(2);
    Map<String, String> databricks = Map.of(Launcher.PLATFORM_JVM, "15.4");
    Launcher.end(0, databricks, exits::add);
    assertThat(exits).containsExactly(2);
    assertThatThrownBy(() -> Launcher.end(2, databricks, exits::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "engagement-score failed with exit code 2 (bad input: the ERROR line above says what"
                + " to fix)");
    assertThatThrownBy(() -> Launcher.end(1, databricks, exits::add))
        .hasMessage("engagement-score failed with exit code 1 (the log above has the error)");
    assertThat(exits).containsExactly(2);
  }

  @Test
  void withoutACommandNameTheJobScores() {
    Invocation plain = Cli.parse("--config", "a.conf", "--date", "2026-10-31");
    Invocation named = Cli.parse("score", "--config", "a.conf", "--date", "2026-10-31");
    assertThat(plain).isEqualTo(named).isInstanceOf(Invocation.Score.class);
    assertThat(((Invocation.Score) plain).cli().date()).contains(LocalDate.parse("2026-10-31"));
    assertThat(Cli.parse()).isInstanceOf(Invocation.Score.class);
    assertThat(run("--date", "2026-10-31").output()).startsWith("score CommandLine[");
  }

  @Test
  void eachCommandGetsItsOwnParsedFlags() {
    assertThat(run("preview-weights", "--proposed-weights", "p.csv").output())
        .startsWith("preview-weights PreviewCommandLine[")
        .contains("proposedWeights=p.csv");
    Invocation backtest = Cli.parse("backtest", "--outcomes=o.csv", "--date", "2026-09-01");
    assertThat(backtest).isInstanceOf(Invocation.Backtest.class);
    assertThat(run("backtest", "--outcomes", "o.csv").output())
        .startsWith("backtest CommandLine[")
        .contains("backtest.outcomes.path=o.csv");
    assertThat(
            run("maintain", "--config", "a.conf", "--retention-hours", "200", "--force").output())
        .startsWith("maintain CommandLine[")
        .contains("maintain.retention_hours=200", "maintain.force=true");
    // maintain works on whole tables: a period flag is a mistake, not something to ignore.
    assertThat(run("maintain", "--date", "2026-10-31").output())
        .isEqualTo(
            "maintain works on whole tables, not periods: drop --date, --from and --to. See"
                + " maintain --help.");
    // A command's own flags belong to it alone.
    assertThat(run("--outcomes", "o.csv").exitCode()).isEqualTo(2);
    assertThat(run("--retention-hours", "200").exitCode()).isEqualTo(2);
    assertThat(run("preview-weights", "--proposed-weights", "p", "--horizon-days", "9").output())
        .startsWith("Unknown flag --horizon-days");
  }

  @Test
  void ofTwoFlagsForOneKeyTheLastWinsWhateverTheirNames() {
    assertThat(CommandLine.parse(new String[] {"--events", "/a", "--set", "events.path=/b"}))
        .extracting(CommandLine::overrides)
        .isEqualTo(Map.of("events.path", "/b"));
    assertThat(CommandLine.parse(new String[] {"--set=events.path=/b", "--events=/a"}).overrides())
        .isEqualTo(Map.of("events.path", "/a"));
    assertThat(CommandLine.parse(new String[] {"--date", "2026-10-01", "--date", "2026-10-02"}))
        .extracting(CommandLine::date)
        .isEqualTo(java.util.Optional.of(LocalDate.parse("2026-10-02")));
    assertThat(
            BacktestCommandLine.parse(
                    new String[] {"--horizon-days", "9", "--set", "backtest.horizon_days=10"})
                .overrides())
        .isEqualTo(Map.of("backtest.horizon_days", "10"));
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    for (String flag : List.of("-h", "--help")) {
      Launcher.Outcome help = run(flag);
      assertThat(help.exitCode()).isZero();
      assertThat(help.output())
          .startsWith("Usage: engagement-score [-hV] [COMMAND] [FLAG]...")
          .contains(
              "  score ", "  preview-weights ", "  backtest ", "  maintain ", "-V, --version");
    }
    assertThat(Cli.help(Cli.NAME)).isEqualTo(run("--help").output());
  }

  @Test
  void eachCommandHasItsHelp() {
    Map<String, List<String>> flags =
        Map.of(
            "score", List.of("--config=FILE", "--date=YYYY-MM-DD", "--set=KEY=VALUE", "--reason"),
            "preview-weights", List.of("--proposed-weights=PATH", "--top=N", "--weights=PATH"),
            "backtest", List.of("--outcomes=PATH", "--horizon-days=N", "--report=PATH"),
            "maintain", List.of("--retention-hours=N", "--force", "--config=FILE"));
    flags.forEach(
        (command, shown) -> {
          for (String flag : List.of("-h", "--help")) {
            Launcher.Outcome help = run(command, flag);
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.output())
                .as(command)
                .startsWith("Usage: engagement-score " + command + " [FLAG]...\n")
                .contains(shown);
          }
        });
    // Without a command, help after a flag is the scoring job's.
    assertThat(run("--config", "a.conf", "--help").output()).isEqualTo(Cli.help("score"));
    assertThat(run("--help").output()).doesNotContain("--date=YYYY-MM-DD");
  }

  @Test
  void theReadmeShowsTheHelpAsPrinted() throws IOException {
    // A new flag changes the help: paste `jobs/run-local score --help` into README, "Running it".
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains(Cli.help(Cli.NAME) + "\n```", Cli.help("score") + "\n```");
  }

  @Test
  void versionNamesTheJobSparkAndDeltaAndExitsZero() {
    for (String[] args :
        List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"backtest", "-V"})) {
      Launcher.Outcome version = run(args);
      assertThat(version.exitCode()).isZero();
      assertThat(version.output())
          .isEqualTo(
              "engagement-score "
                  + JobVersion.VALUE
                  + "\nSpark "
                  + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                  + "\nDelta Lake "
                  // The delta-spark version the line's build declares (pom.xml, surefire).
                  + System.getProperty("build.delta.version"));
    }
  }

  @Test
  void anUnknownFlagGetsTheNearestFlagsNotAllOfThem() {
    Launcher.Outcome typo = run("--config", "a.conf", "--wieghts", "w.csv");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.output())
        .isEqualTo(
            "Unknown flag --wieghts: did you mean --weights or --window-days? See score --help.");
    assertThat(run("--normalise=minmax").output())
        .isEqualTo("Unknown flag --normalise: did you mean --normalize? See score --help.");
    assertThat(run("backtest", "--horizon", "30").output())
        .isEqualTo("Unknown flag --horizon: did you mean --horizon-days? See backtest --help.");
    assertThat(run("preview-weights", "--proposed", "p.csv").output())
        .isEqualTo(
            "Unknown flag --proposed: did you mean --proposed-weights or --print-config?"
                + " See preview-weights --help.");
    assertThat(run("--re", "x").output())
        .isEqualTo("Unknown flag --re: did you mean --reason or --rejects? See score --help.");
    assertThat(run("--master", "local").output())
        .isEqualTo("Unknown flag --master: remove it. See score --help.");
  }

  @Test
  void anUnknownCommandGetsTheNearestCommands() {
    assertThat(run("backtets", "--outcomes", "o.csv"))
        .isEqualTo(
            new Launcher.Outcome(
                2, "Unknown command 'backtets': did you mean backtest? See --help."));
    assertThat(run("preview").output())
        .isEqualTo("Unknown command 'preview': did you mean preview-weights? See --help.");
    assertThat(run("frobnicate").output())
        .isEqualTo(
            "Unknown command 'frobnicate': use score, preview-weights, backtest or maintain. See"
                + " --help.");
  }

  @Test
  void badArgumentsExitTwoWithOneLineNamingTheFix() {
    Map<List<String>, String> messages =
        Map.of(
            List.of("--date", "2026-13-01"),
            "Invalid date '2026-13-01' for --date: use YYYY-MM-DD, e.g. 2026-10-31."
                + " See score --help.",
            List.of("backtest", "--from", "2026-10-01", "--to", "2026-09-30"),
            "--from 2026-10-01 is after --to 2026-09-30: swap them. See backtest --help.",
            List.of("--date"),
            "Flag --date needs a value: --date YYYY-MM-DD. See score --help.",
            List.of("--date", "--from", "2026-10-01"),
            "Flag --date needs a value: --date YYYY-MM-DD. See score --help.",
            List.of("--reason", "weights", "review"),
            "Unexpected argument 'review': every value follows its flag (quote a value with"
                + " spaces, e.g. --reason \"weights review\"). See score --help.",
            List.of("preview-weights", "--date", "2026-10-31"),
            "preview-weights needs --proposed-weights PATH: the weight table to compare with the"
                + " current weights (weights.path). See preview-weights --help.");
    messages.forEach(
        (args, message) -> {
          Launcher.Outcome outcome = run(args.toArray(String[]::new));
          assertThat(outcome).as("%s", args).isEqualTo(new Launcher.Outcome(2, message));
          assertThat(outcome.output()).as("one line").doesNotContain("\n");
        });
  }

  @Test
  void valuesAreTakenAsGiven() {
    // An argument starting with @ is not a file of arguments; a value may start with a dash.
    CommandLine cli =
        CommandLine.parse(
            new String[] {
              "--reason", "@alice: -1 was wrong", "--window-days", "-1", "--set=a=b=c"
            });
    assertThat(cli.overrides())
        .isEqualTo(
            Map.of("restatements.reason", "@alice: -1 was wrong", "window_days", "-1", "a", "b=c"));
  }

  @Test
  void parsingAloneRefusesHelpWithItsText() {
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--help"}))
        .isInstanceOf(UserInputException.class)
        .hasMessage(Cli.help("score"));
  }

  @Test
  void noLayerBelowTheCommandLineImportsIt() throws IOException {
    Path main = Path.of("src/main/java/dev/engagement/score");
    for (String layer : List.of("core", "feature", "config", "model")) {
      try (Stream<Path> files = Files.walk(main.resolve(layer))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          assertThat(Files.readString(file)).as("%s", file).doesNotContain("score.cli.");
        }
      }
    }
    // Nor does the command line import the commands it runs: ScoreJob hands them over.
    try (Stream<Path> files = Files.list(main.resolve("cli"))) {
      for (Path file : files.toList()) {
        assertThat(Files.readString(file))
            .as("%s", file)
            .doesNotContain(
                "import dev.engagement.score.ScoreJob",
                "score.preview.",
                "score.backtest.",
                "score.run.");
      }
    }
  }
}
