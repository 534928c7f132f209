package dev.engagement.score.config;

import static dev.engagement.score.config.TestSettings.load;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The effective settings as HOCON: printed, stored in the audit table, hashed, redacted. */
@Tag("fast")
class EffectiveConfigTest {
  @TempDir Path dir;

  @Test
  void theEffectiveSettingsAreHoconWithNumbersAsWritten() {
    String text =
        load(
                "normalize.method", "minmax",
                "categories.weights", "{ product = 70.50, \"support.desk\" = 29.5 }",
                "tiers.score", "combined",
                "transitions.path", "/t",
                "transitions.alerts", "[{ dropped_pct = 20.50 }]")
            .effectiveConfig();
    assertThat(text)
        .startsWith("engagement {\n  accounts {\n    path = \"\"\n    rollup = \"sum\"\n  }\n")
        .contains(
            "  categories {\n    weights {\n      product = 70.50\n      \"support.desk\" = 29.5\n"
                + "    }\n  }\n")
        .contains(
            "  tiers {\n    rules = [\n      { name = \"at_risk\", below = 0 }\n"
                + "      { name = \"disengaged\", max = 40 }\n")
        .contains("    alerts = [\n      { dropped_pct = 20.50 }\n    ]\n")
        .contains("  events {\n    account_column = \"\"\n")
        .endsWith("  window_days = 30\n}\n");
  }

  @Test
  void printedSettingsLoadBackToTheSameSettings() throws IOException {
    JobSettings first =
        load(
            "normalize.method", "log_minmax",
            "normalize.clip_percentiles", "[1, 99.50]",
            "caps.login", "12",
            "tiers.rules", "[{name = low, below = -0.5}, {name = high}]",
            "restatements.reason", "review \"Q4\"");
    String printed = TestSettings.write(dir, "printed.conf", first.effectiveConfig());
    JobSettings again = SettingsLoader.load(List.of(printed), Map.of());
    assertThat(again.effectiveConfig()).isEqualTo(first.effectiveConfig());
    assertThat(again.configHash()).isEqualTo(first.configHash());
    assertThat(again)
        .usingRecursiveComparison()
        .ignoringFieldsOfTypes(SettingsBlock.class)
        .isEqualTo(first);
    // The raw block the features read: the same values, wherever they were set.
    assertThat(again.root()).isEqualTo(first.root());
  }

  @Test
  void secretsAreRedactedByKeyNameAndInsideUris() {
    for (String secret :
        List.of(
            "storage.account_key",
            "password",
            "db_passwd",
            "client_secret",
            "sas_token",
            "token",
            "aws_credentials",
            "key",
            "sas")) {
      assertThat(EffectiveConfig.redact(secret, "hunter2")).as(secret).isEqualTo("<redacted>");
    }
    for (String plain : List.of("monkey", "keyword", "path", "keys_column", "sasquatch")) {
      assertThat(EffectiveConfig.redact(plain, "hunter2")).as(plain).isEqualTo("hunter2");
    }
    assertThat(EffectiveConfig.redact("events.path", "s3a://AKIA123:wJalr/x@bucket/events"))
        .isEqualTo("s3a://AKIA123:<redacted>@bucket/events");
    assertThat(
            EffectiveConfig.redact(
                "events.path", "https://acct.blob.core.windows.net/c/e?sv=2024&sig=abc%2F&se=1"))
        .isEqualTo("https://acct.blob.core.windows.net/c/e?sv=2024&sig=<redacted>&se=1");
    EffectiveConfig config =
        new EffectiveConfig(
            ConfigFactory.parseString(
                "store { account_key = abc, retries = 3, api_token = 42 }, caps { api_key = 5 }"),
            List.of("caps"));
    assertThat(config.text())
        .isEqualTo(
            "engagement {\n"
                + "  caps {\n    api_key = 5\n  }\n"
                + "  store {\n    account_key = \"<redacted>\"\n    api_token = \"<redacted>\"\n"
                + "    retries = 3\n  }\n}\n");
  }
}
