package dev.engagement.score.config;

import static dev.engagement.score.config.TestSettings.PATHS;
import static dev.engagement.score.config.TestSettings.load;
import static dev.engagement.score.config.TestSettings.rules;
import static dev.engagement.score.config.TestSettings.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.cli.Launcher;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from: reference.conf files, HOCON overlays, includes, the command line. */
@Tag("fast")
class SettingsSourcesTest {
  @TempDir Path dir;

  @Test
  void anotherLibrarysReferenceConfMergesAndOnlyEngagementKeysAreChecked() throws IOException {
    write(dir, "reference.conf", "akka { loglevel = INFO, actor.provider = cluster }\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      assertThat(loader.getResources("reference.conf").hasMoreElements()).isTrue();
      JobSettings s = SettingsLoader.load(loader, List.of(), PATHS);
      assertThat(s.calendar().label()).isEqualTo("month");
      assertThat(s.effectiveConfig()).doesNotContain("akka").startsWith("engagement {");
    }
  }

  @Test
  void includesAreReadRelativeToTheIncludingFile() throws IOException {
    write(dir, "shared/tiers.conf", "rules = [{ name = low, below = 10 }, { name = high }]\n");
    write(dir, "shared/base.conf", "engagement { tiers { include \"tiers.conf\" } }\n");
    String main =
        write(
            dir,
            "jobs/main.conf",
            "include required(\"../shared/base.conf\")\n"
                + "include \"optional-and-missing.conf\"\n"
                + "engagement.period = week\n");
    JobSettings s = SettingsLoader.load(List.of(main), PATHS);
    assertThat(s.tiers().tiers())
        .containsExactly(
            new TierRules.Tier("low", BigDecimal.TEN, false),
            new TierRules.Tier("high", null, false));
    assertThat(s.calendar().label()).isEqualTo("week");
    String broken = write(dir, "broken.conf", "include required(\"nope.conf\")\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(broken), PATHS))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("Cannot read config file " + broken)
        .hasMessageContaining("the included file " + dir.resolve("nope.conf") + " does not exist");
  }

  @Test
  void filesAreReadThroughHadoopFromAnyPath() throws IOException {
    String file = write(dir, "uri.conf", "engagement.period = quarter\n");
    JobSettings s = SettingsLoader.load(List.of(Path.of(file).toUri().toString()), PATHS);
    assertThat(s.calendar().label()).isEqualTo("quarter");
    assertThatThrownBy(() -> SettingsLoader.load(List.of("nosuchfs://bucket/a.conf"), PATHS))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("Cannot read config file nosuchfs://bucket/a.conf: ")
        .hasMessageContaining("nosuchfs");
  }

  @Test
  void environmentVariablesAndOtherValuesAreSubstitutedAfterTheMerge() throws IOException {
    String home = System.getenv("HOME");
    String conf =
        write(
            dir,
            "env.conf",
            "lake = /lake\n"
                + "engagement {\n"
                + "  rejects.path = ${lake}/rejects\n"
                + "  restatements.reason = ${?HOME}\n"
                + "  catalog.table = ${?ENGAGEMENT_TEST_SURELY_UNSET}\n"
                + "  audit.path = ${engagement.output.path}_audit\n"
                + "}\n");
    JobSettings s = SettingsLoader.load(List.of(conf), TestSettings.overrides("output.path", "/x"));
    assertThat(s.block("rejects").optional("path")).contains("/lake/rejects");
    assertThat(s.block("restatements").optional("reason"))
        .isEqualTo(java.util.Optional.ofNullable(home));
    assertThat(s.catalogTable()).as("unset: the default").isEmpty();
    assertThat(s.auditPath()).as("resolved after the command line").contains("/x_audit");
    String missing = write(dir, "missing.conf", "engagement.date = ${ENGAGEMENT_TEST_UNSET}\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(missing), PATHS))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("Cannot resolve the settings")
        .hasMessageContaining("${ENGAGEMENT_TEST_UNSET}");
  }

  @Test
  void unknownKeysFailWithExitCodeTwoAndTheNearestKnownKeys() throws IOException {
    String conf = write(dir, "typo.conf", "engagement {\n  normalise = minmax\n}\n");
    Launcher.Outcome outcome =
        Launcher.outcome("test", () -> SettingsLoader.load(List.of(conf), PATHS).toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.output())
        .isEqualTo(
            "Unknown config key 'normalise' ("
                + conf
                + " line 2): did you mean normalize.method, normalize.range_max or"
                + " normalize.range_min? Every key is listed in reference.conf (README,"
                + " \"Configuration reference\").");
    assertThatThrownBy(() -> load("events.pth", "/e"))
        .hasMessageStartingWith(
            "Unknown config key 'events.pth' (the command line): did you mean events.path,");
  }

  @Test
  void renamedKeysFailNamingTheirNewKey() throws IOException {
    assertThatThrownBy(() -> load("normalize", "minmax"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "'normalize' is now 'normalize.method' (the command line): normalize became a block"
                + " of settings. Write normalize.method = minmax, or --set normalize.method=...");
    assertThatThrownBy(() -> load("trend", "raw"))
        .hasMessageStartingWith("'trend' is now 'trend.score'");
    assertThatThrownBy(() -> load("tiers", "\"low < 0, high\""))
        .hasMessageStartingWith("'tiers' is now 'tiers.rules'");
    // Wrapped in engagement { } with a key of the block: HOCON would keep only the block.
    String conf =
        write(
            dir,
            "old.conf",
            "engagement {\n  normalize = minmax # the method\n  normalize.range_min = 10\n}\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(conf), PATHS))
        .hasMessage(
            "'normalize' is now 'normalize.method' ("
                + conf
                + " line 2): normalize became a block of settings. Write normalize.method ="
                + " minmax, or --set normalize.method=...");
  }

  @Test
  void settingsGoInsideTheEngagementBlock() throws IOException {
    String flat = write(dir, "flat.conf", "period = week\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(flat), PATHS))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Config file "
                + flat
                + " sets 'period' outside the engagement block ("
                + flat
                + " line 1): settings go inside it, e.g. engagement { period = week } or"
                + " engagement.period = week");
    String typo = write(dir, "typo.conf", "engagment { period = week }\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(typo), PATHS))
        .hasMessageContaining("sets 'engagment' outside the engagement block");
    String old = write(dir, "old.conf", "tiers = low < 0, mid <= 40, high\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(old), PATHS))
        .hasMessageStartingWith("'tiers' is now 'tiers.rules' (" + old + " line 1)");
    String properties = write(dir, "props.conf", "events.path = s3a://bucket/events\n");
    assertThatThrownBy(() -> SettingsLoader.load(List.of(properties), PATHS))
        .hasMessageStartingWith("Config file " + properties + " is not valid HOCON: ")
        .hasMessageEndingWith(
            ". Settings are HOCON inside an `engagement { }` block (see README, \"Configuration"
                + " reference\"); quote values with : or //, e.g. events.path ="
                + " \"s3a://bucket/events\"");
  }

  @Test
  void commandLineValuesAreHoconExceptForTextSettings() {
    JobSettings s =
        load(
            "events.path", "s3a://bucket/events // not a comment",
            "normalize.method", "minmax",
            "normalize.clip_percentiles", "[1, 99.5]",
            "caps", "{ login = 100 }",
            "caps.feature_used", "50",
            "max_reject_ratio", "0.05",
            "restatements.reason", "\"quoted # text\"");
    assertThat(s.events().path()).isEqualTo("s3a://bucket/events // not a comment");
    assertThat(rules(s).normalization().clip())
        .contains(new Normalization.ClipPercentiles(BigDecimal.ONE, new BigDecimal("99.5")));
    assertThat(rules(s).caps()).isEqualTo(Map.of("feature_used", 50L, "login", 100L));
    assertThat(s.maxRejectRatio()).isEqualTo(new BigDecimal("0.05"));
    assertThat(s.block("restatements").optional("reason")).contains("quoted # text");
    assertThatThrownBy(() -> load("tiers.rules", "low < 0, high"))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith(
            "Invalid setting tiers.rules=low < 0, high on the command line: the value is not one"
                + " HOCON value; quote it or write a list or object, e.g. --set"
                + " 'tiers.rules=[{name = low, below = 10}, {name = high}]'");
  }
}
