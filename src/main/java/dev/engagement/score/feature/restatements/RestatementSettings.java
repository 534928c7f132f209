package dev.engagement.score.feature.restatements;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import java.util.Optional;

/**
 * The {@code restatements} block (docs/restatements.md): the log's path (empty: next to the output)
 * and the user's reason for this run, which is no part of the config hash.
 */
record RestatementSettings(Optional<String> path, Optional<String> reason) {
  static final String BLOCK = "restatements";

  static RestatementSettings from(JobSettings settings) {
    SettingsBlock restatements = settings.block(BLOCK);
    return new RestatementSettings(restatements.optional("path"), restatements.optional("reason"));
  }
}
