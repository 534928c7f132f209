package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import dev.engagement.score.Columns;
import dev.engagement.score.period.DateSpan;
import dev.engagement.score.period.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Tags each event with the periods it belongs to: the event's calendar date in the business time
 * zone must lie in the period. Events outside every period are left out (they were not asked for);
 * an event in several rolling windows appears once per window. Events that already carry a {@code
 * reject_reason} (see {@link RejectTagger#tagTimes}) stay, with null period columns, so that they
 * are counted rather than lost.
 */
public final class PeriodAssigner {
  private static final StructType PERIOD_SCHEMA =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, false)
          .add(Columns.PERIOD_START, DataTypes.DateType, false)
          .add(Columns.PERIOD_END, DataTypes.DateType, false);

  private PeriodAssigner() {}

  public static Dataset<Row> assign(Dataset<Row> events, List<Period> periods, ZoneId zone) {
    SparkSession spark = events.sparkSession();
    requireUtcSession(spark);
    Dataset<Row> periodRows =
        spark.createDataFrame(
            periods.stream().map(p -> RowFactory.create(p.kind(), p.start(), p.end())).toList(),
            PERIOD_SCHEMA);
    DateSpan span = DateSpan.of(periods);
    Column time = col(Columns.EVENT_TS);
    return events
        // The exact instants of all periods; events already rejected (for their time) are kept,
        // with null periods, to be counted.
        .filter(
            col(Columns.REJECT_REASON)
                .isNotNull()
                .or(
                    time.geq(lit(span.first().atStartOfDay(zone).toInstant()))
                        .and(time.lt(lit(span.last().plusDays(1).atStartOfDay(zone).toInstant())))))
        .withColumn(Columns.LOCAL_DATE, to_date(from_utc_timestamp(time, zone.getId())))
        .join(
            broadcast(periodRows),
            col(Columns.REJECT_REASON)
                .isNull()
                .and(col(Columns.LOCAL_DATE).geq(periodRows.col(Columns.PERIOD_START)))
                .and(col(Columns.LOCAL_DATE).leq(periodRows.col(Columns.PERIOD_END))),
            "left")
        .drop(Columns.LOCAL_DATE);
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
