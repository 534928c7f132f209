package dev.engagement.score.config;

import dev.engagement.score.model.UserInputException;
import java.util.Locale;
import java.util.Set;

/** Storage formats of the inputs; AUTO is resolved from the path by the source. */
public enum SourceFormat {
  AUTO,
  CSV,
  PARQUET,
  DELTA;

  static SourceFormat parse(String key, String value, Set<SourceFormat> allowed) {
    for (SourceFormat f : allowed) {
      if (f.name().equalsIgnoreCase(value.trim())) {
        return f;
      }
    }
    throw new UserInputException(
        "Invalid "
            + key
            + " '"
            + value
            + "': use one of "
            + allowed.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
  }
}
