package dev.engagement.score.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of scoring period. */
public enum PeriodKind {
  DAY,
  /** ISO week: Monday to Sunday. */
  WEEK,
  MONTH,
  QUARTER,
  /** The last {@code window_days} days, ending on (and including) the run date. */
  ROLLING;

  public static PeriodKind parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          "Unknown period '"
              + value
              + "': use one of "
              + Arrays.stream(values())
                  .map(PeriodKind::configName)
                  .collect(Collectors.joining(", ")));
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
