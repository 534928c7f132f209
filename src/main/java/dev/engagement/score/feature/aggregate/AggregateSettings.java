package dev.engagement.score.feature.aggregate;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import java.util.Optional;

/** The {@code aggregate} block: the daily aggregate, empty when its path is "". */
public final class AggregateSettings {
  private AggregateSettings() {}

  public static Optional<JobSettings.Aggregate> from(SettingsBlock aggregate) {
    int rereadDays = aggregate.days("reread_days", 0);
    return aggregate.optional("path").map(path -> new JobSettings.Aggregate(path, rereadDays));
  }
}
