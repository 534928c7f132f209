package dev.engagement.score.feature.overrides;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.config.SourceFormat;
import java.util.Optional;

/**
 * The {@code overrides} block: where the manual overrides table is (docs/overrides.md); empty when
 * its path is "".
 */
record OverrideSettings(String path, SourceFormat format) {
  static final String BLOCK = "overrides";

  static Optional<OverrideSettings> from(JobSettings settings) {
    SettingsBlock overrides = settings.block(BLOCK);
    SourceFormat format = SourceFormat.from(overrides, "format");
    return overrides.optional("path").map(path -> new OverrideSettings(path, format));
  }
}
