package dev.engagement.score.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.UserInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code maintain.retention_hours} and {@code maintain.force}: what is refused, before Spark. */
@Tag("fast")
class RetentionTest {
  private static Retention from(Map<String, String> overrides) {
    return Retention.from(
        SettingsLoader.load(List.of("conf/example.conf"), overrides).block("maintain"));
  }

  @Test
  void theDefaultIsDeltasSevenDays() {
    assertThat(from(Map.of())).isEqualTo(new Retention(168, false));
  }

  @Test
  void lessThanDeltasDefaultNeedsForce() {
    assertThatThrownBy(() -> from(Map.of("maintain.retention_hours", "24")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("maintain.retention_hours")
        .hasMessageContaining("Use 168 or more, or set maintain.force = true (--force)");
    assertThat(from(Map.of("maintain.retention_hours", "0", "maintain.force", "true")))
        .isEqualTo(new Retention(0, true));
    assertThatThrownBy(
            () -> from(Map.of("maintain.retention_hours", "-1", "maintain.force", "true")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("use a whole number of hours, at least 168");
  }

  @Test
  void aTablesOwnLongerRetentionIsRefusedUnlessForced() {
    Retention week = new Retention(168, false);
    week.allows("audit.path", "/t", Optional.empty());
    week.allows("audit.path", "/t", Optional.of("interval 1 week"));
    week.allows("audit.path", "/t", Optional.of("interval 2 days"));
    assertThatThrownBy(() -> week.allows("audit.path", "/t", Optional.of("interval 30 days")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The audit.path table /t keeps deleted files for delta.deletedFileRetentionDuration ="
                + " 'interval 30 days', longer than maintain.retention_hours = 168: raise it to at"
                + " least 720, or set maintain.force = true (--force). Nothing was maintained.");
    new Retention(168, true).allows("audit.path", "/t", Optional.of("interval 30 days"));
  }

  @Test
  void intervalsAreReadAsDeltaReadsThem() {
    long hour = 3_600_000_000L;
    assertThat(Retention.micros("interval 1 week")).isEqualTo(168 * hour);
    assertThat(Retention.micros("interval 30 days")).isEqualTo(720 * hour);
    assertThat(Retention.micros("interval 36 hours")).isEqualTo(36 * hour);
  }
}
