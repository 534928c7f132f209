package dev.engagement.score.config;

/** How the events' time column holds the event time: the values of {@code events.time_encoding}. */
public enum TimeEncoding {
  /** TIMESTAMP (an instant) or TIMESTAMP_NTZ (a wall-clock time in {@code events.ntz_timezone}). */
  TIMESTAMP,
  /** BIGINT or INT seconds since 1970-01-01T00:00Z. */
  EPOCH_SECONDS,
  /** BIGINT or INT milliseconds since 1970-01-01T00:00Z. */
  EPOCH_MILLIS,
  /** DATE: the event is on that day in the business time zone ({@code timezone}). */
  DATE;

  /** The value as it is written in the settings, e.g. {@code epoch_seconds}. */
  public String setting() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
