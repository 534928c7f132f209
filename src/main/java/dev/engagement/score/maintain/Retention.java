package dev.engagement.score.maintain;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.model.UserInputException;
import java.util.Optional;
import org.apache.spark.sql.catalyst.util.IntervalUtils;
import org.apache.spark.unsafe.types.CalendarInterval;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * How long VACUUM keeps the files that older versions need ({@code maintain.retention_hours}), and
 * whether less than Delta's default, or than a table's own retention, is allowed ({@code
 * maintain.force}). See docs/maintenance.md.
 */
public record Retention(int hours, boolean force) {
  /** Delta's default {@code delta.deletedFileRetentionDuration}: 7 days. */
  public static final int DELTA_DEFAULT_HOURS = 168;

  /** The table property that sets a table's own retention, e.g. {@code interval 30 days}. */
  public static final String TABLE_PROPERTY = "delta.deletedFileRetentionDuration";

  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  /** The {@code maintain} block's settings, checked: less than 168 hours needs {@code force}. */
  public static Retention from(SettingsBlock block) {
    boolean force = block.trueOrFalse("force");
    int hours =
        block.whole(
            "retention_hours",
            n -> n >= 0,
            "use a whole number of hours, at least " + DELTA_DEFAULT_HOURS + " (Delta's default).");
    if (hours < DELTA_DEFAULT_HOURS && !force) {
      throw block.invalid(
          "retention_hours",
          "VACUUM would delete files that the versions of the last "
              + DELTA_DEFAULT_HOURS
              + " hours (Delta's default, 7 days) still need: readers and runs on them would fail,"
              + " and so would time travel. Use "
              + DELTA_DEFAULT_HOURS
              + " or more, or set "
              + ConfigKeys.MAINTAIN_FORCE
              + " = true (--force) to allow it.");
    }
    return new Retention(hours, force);
  }

  /**
   * Refuses to vacuum the table named by {@code setting} sooner than its own retention says ({@code
   * TABLE_PROPERTY}, when set), unless forced: Delta would refuse it mid-way, after other tables
   * were already maintained.
   */
  public void allows(String setting, String path, Optional<String> tableRetention) {
    if (force || tableRetention.isEmpty()) {
      return;
    }
    long tableMicros = micros(tableRetention.get());
    if ((long) hours * MICROS_PER_HOUR < tableMicros) {
      long needed = (tableMicros + MICROS_PER_HOUR - 1) / MICROS_PER_HOUR;
      throw new UserInputException(
          "The "
              + setting
              + " table "
              + path
              + " keeps deleted files for "
              + TABLE_PROPERTY
              + " = '"
              + tableRetention.get()
              + "', longer than "
              + ConfigKeys.MAINTAIN_RETENTION_HOURS
              + " = "
              + hours
              + ": raise it to at least "
              + needed
              + ", or set "
              + ConfigKeys.MAINTAIN_FORCE
              + " = true (--force). Nothing was maintained.");
    }
  }

  /** A Delta interval property ({@code interval 30 days}) in microseconds, as Delta reads it. */
  static long micros(String interval) {
    CalendarInterval parsed = IntervalUtils.stringToInterval(UTF8String.fromString(interval));
    return (parsed.months * 30L + parsed.days) * MICROS_PER_DAY + parsed.microseconds;
  }
}
