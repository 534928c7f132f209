package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.model.Columns;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The events' time column as each event's instant, decoded as {@code events.time_encoding} says. A
 * column of a type that another encoding reads is refused with that encoding's name, since guessing
 * would be wrong for the other (seconds and milliseconds are both BIGINT).
 */
public final class EventTimes {
  private EventTimes() {}

  private static final List<DataType> TIMESTAMPS =
      List.of(DataTypes.TimestampType, DataTypes.TimestampNTZType);
  private static final List<DataType> EPOCHS = List.of(DataTypes.LongType, DataTypes.IntegerType);
  private static final List<DataType> DATES = List.of(DataTypes.DateType);

  /**
   * Epoch seconds of years 0001 to 9999. Spark fails the whole run when a conversion overflows
   * (nanoseconds read as seconds); clamped, such a time is {@code event_time_out_of_range} like any
   * other absurd time.
   */
  private static final long MIN_SECONDS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();

  private static final long MAX_SECONDS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  /** The column types {@code encoding} reads; the first is that of a read without data files. */
  public static List<DataType> types(TimeEncoding encoding) {
    return switch (encoding) {
      case TIMESTAMP -> TIMESTAMPS;
      case EPOCH_SECONDS, EPOCH_MILLIS -> EPOCHS;
      case DATE -> DATES;
    };
  }

  /**
   * The time column of {@code source} as an instant (TIMESTAMP).
   *
   * @param businessZone where a DATE's day starts
   */
  static Column instant(StructType schema, JobSettings.Events source, ZoneId businessZone) {
    String name = source.timeColumn();
    TimeEncoding encoding = source.timeEncoding();
    DataType type = EventValidator.field(schema, name, Columns.EVENT_TS).dataType();
    if (!types(encoding).contains(type)) {
      throw EventValidator.mistyped(
          name,
          Columns.EVENT_TS,
          type,
          types(encoding),
          " for " + ConfigKeys.EVENTS_TIME_ENCODING + " = " + encoding.setting() + fix(type));
    }
    Column time = col(name);
    return switch (encoding) {
      case TIMESTAMP ->
          type.equals(DataTypes.TimestampNTZType) ? wallClock(time, source.ntzTimezone()) : time;
      case EPOCH_SECONDS -> timestamp_seconds(clamp(time, MIN_SECONDS, MAX_SECONDS));
      case EPOCH_MILLIS ->
          timestamp_millis(clamp(time, MIN_SECONDS * 1000, MAX_SECONDS * 1000 + 999));
      case DATE -> wallClock(time, businessZone);
    };
  }

  /**
   * A wall-clock time, or a date's midnight, in {@code zone} as an instant: a DATE event is at the
   * start of its day in the business zone, so that DayAssigner puts it on that date.
   */
  private static Column wallClock(Column localTime, ZoneId zone) {
    // The session runs in UTC, so the cast reads the wall clock as UTC; then shift to the zone.
    return to_utc_timestamp(localTime.cast(DataTypes.TimestampType), zone.getId());
  }

  /** {@code value} within {@code min..max}; null stays null (a missing time). */
  private static Column clamp(Column value, long min, long max) {
    return when(value.lt(min), lit(min)).when(value.gt(max), lit(max)).otherwise(value);
  }

  /** After the expected types: the encoding that reads a column of type {@code found}, if any. */
  private static String fix(DataType found) {
    if (TIMESTAMPS.contains(found)) {
      return ". It holds timestamps: set " + setting(TimeEncoding.TIMESTAMP) + ".";
    }
    if (EPOCHS.contains(found)) {
      return ". If it holds epoch seconds or milliseconds, set "
          + setting(TimeEncoding.EPOCH_SECONDS)
          + " or "
          + TimeEncoding.EPOCH_MILLIS.setting()
          + ".";
    }
    if (DATES.contains(found)) {
      return ". If it holds each event's day, set " + setting(TimeEncoding.DATE) + ".";
    }
    return EventValidator.castOrRepoint(Columns.EVENT_TS);
  }

  private static String setting(TimeEncoding encoding) {
    return ConfigKeys.EVENTS_TIME_ENCODING + " = " + encoding.setting();
  }
}
