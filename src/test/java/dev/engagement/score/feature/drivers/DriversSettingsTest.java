package dev.engagement.score.feature.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.model.UserInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code drivers} block, read and checked by the feature when the command is prepared. */
@Tag("fast")
class DriversSettingsTest {
  private static Optional<DriversSettings> load(String... keyValues) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("events.path", "/e");
    all.put("weights.path", "/w.csv");
    all.put("output.path", "/o");
    for (int i = 0; i < keyValues.length; i += 2) {
      all.put(keyValues[i], keyValues[i + 1]);
    }
    JobSettings settings = SettingsLoader.load(List.of(), all);
    return DriversSettings.from(settings, ScoreRules.from(settings));
  }

  @Test
  void offByDefaultOnWithAPathTopThreeByDefault() {
    assertThat(load()).isEmpty();
    assertThat(load("drivers.path", "/d")).contains(new DriversSettings("/d", 3));
    assertThat(load("drivers.path", "/d", "drivers.top", "5"))
        .contains(new DriversSettings("/d", 5));
  }

  @Test
  void aTopBelowOneIsRefused() {
    assertThatThrownBy(() -> load("drivers.path", "/d", "drivers.top", "0"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid drivers.top '0' (the command line): use a whole number >= 1: how many"
                + " changes top_drivers names, e.g. 3.");
  }

  @Test
  void decayIsRefusedWithDrivers() {
    assertThatThrownBy(() -> load("drivers.path", "/d", "decay.half_life_days", "7"))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith(
            "drivers.path cannot be combined with decay.half_life_days yet: drivers compare each"
                + " event type's contribution");
  }
}
