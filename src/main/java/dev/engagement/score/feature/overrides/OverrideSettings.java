package dev.engagement.score.feature.overrides;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.config.SourceFormat;
import java.util.Optional;

/** The {@code overrides} block: the manual overrides table, empty when its path is "". */
public final class OverrideSettings {
  private OverrideSettings() {}

  public static Optional<JobSettings.Overrides> from(SettingsBlock overrides) {
    SourceFormat format = SourceFormat.from(overrides, "format");
    return overrides.optional("path").map(path -> new JobSettings.Overrides(path, format));
  }
}
