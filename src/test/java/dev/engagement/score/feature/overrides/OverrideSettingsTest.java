package dev.engagement.score.feature.overrides;

import static dev.engagement.score.config.TestSettings.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.config.SourceFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code overrides} block, read by the feature when the command is prepared. */
@Tag("fast")
class OverrideSettingsTest {
  @Test
  void offByDefaultOnWithAPath() {
    assertThat(OverrideSettings.from(load())).isEmpty();
    assertThat(OverrideSettings.from(load("overrides.path", "/ov.csv", "overrides.format", "csv")))
        .contains(new OverrideSettings("/ov.csv", SourceFormat.CSV));
  }
}
