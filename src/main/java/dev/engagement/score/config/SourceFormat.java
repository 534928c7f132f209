package dev.engagement.score.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Storage formats of the inputs; AUTO is resolved from the path by the source. */
public enum SourceFormat {
  AUTO,
  CSV,
  PARQUET,
  DELTA;

  /** The format named by {@code name} of {@code block}, one of {@code allowed}. */
  public static SourceFormat from(SettingsBlock block, String name, Set<SourceFormat> allowed) {
    return block.parsed(
        name,
        value ->
            allowed.stream().filter(f -> f.name().equalsIgnoreCase(value)).findFirst().orElse(null),
        "use one of "
            + allowed.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
  }

  /** Any format: auto, csv, parquet or delta. */
  public static SourceFormat from(SettingsBlock block, String name) {
    return from(block, name, EnumSet.allOf(SourceFormat.class));
  }
}
