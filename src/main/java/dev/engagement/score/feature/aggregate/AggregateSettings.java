package dev.engagement.score.feature.aggregate;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import java.util.Optional;

/**
 * The {@code aggregate} block: where the daily aggregate is, and how many days before today are
 * always read again (late data); empty when its path is "".
 */
record AggregateSettings(String path, int rereadDays) {
  static final String BLOCK = "aggregate";

  static Optional<AggregateSettings> from(JobSettings settings) {
    SettingsBlock aggregate = settings.block(BLOCK);
    int rereadDays = aggregate.days("reread_days", 0);
    return aggregate.optional("path").map(path -> new AggregateSettings(path, rereadDays));
  }
}
