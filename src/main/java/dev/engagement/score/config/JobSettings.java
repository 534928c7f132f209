package dev.engagement.score.config;

import dev.engagement.score.period.PeriodCalendar;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** Everything a run needs, validated. Built by {@link SettingsLoader}. */
public record JobSettings(
    Events events,
    Weights weights,
    PeriodCalendar calendar,
    ZoneId timezone,
    Optional<LocalDate> date,
    int lookbackDays,
    int maxRangeDays,
    Normalization normalization,
    TierRules tiers,
    boolean tiersOnNormalized,
    String outputPath) {

  /** Where the events are and what their columns are called. */
  public record Events(
      String path,
      SourceFormat format,
      String customerColumn,
      String typeColumn,
      String timeColumn,
      Optional<String> partitionColumn,
      ZoneId ntzTimezone) {}

  /** Where the weights are. */
  public record Weights(String path, SourceFormat format) {}
}
