package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Tags each event with {@code local_date}, its calendar date in the business time zone, the grain
 * every period is built from. Events whose date is outside {@code days} are left out (they were not
 * asked for). Events that already carry a {@code reject_reason} (see {@link RejectTagger#tagTimes})
 * stay, with a null date, so that they are counted rather than lost.
 */
public final class DayAssigner {
  private DayAssigner() {}

  public static Dataset<Row> assign(Dataset<Row> events, DateSpan days, ZoneId zone) {
    requireUtcSession(events.sparkSession());
    Column time = col(Columns.EVENT_TS);
    Column rejected = col(Columns.REJECT_REASON).isNotNull();
    return events
        // The exact instants of the days; events already rejected (for their time) are kept.
        .filter(
            rejected.or(
                time.geq(lit(days.first().atStartOfDay(zone).toInstant()))
                    .and(time.lt(lit(days.last().plusDays(1).atStartOfDay(zone).toInstant())))))
        .withColumn(
            Columns.LOCAL_DATE,
            when(rejected, lit(null).cast(DataTypes.DateType))
                .otherwise(to_date(from_utc_timestamp(time, zone.getId()))));
  }

  /**
   * from_utc_timestamp and to_date render in the session time zone; the job pins it to UTC so that
   * the business zone alone decides which day an event falls on.
   */
  private static void requireUtcSession(SparkSession spark) {
    String sessionZone = spark.conf().get("spark.sql.session.timeZone");
    if (!ZoneId.of(sessionZone).normalized().equals(ZoneOffset.UTC)) {
      throw new IllegalStateException(
          "spark.sql.session.timeZone is " + sessionZone + "; the job needs UTC");
    }
  }
}
