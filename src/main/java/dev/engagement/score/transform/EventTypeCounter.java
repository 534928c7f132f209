package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Counts events per customer, period, event type and reject reason: the finest grain the job keeps,
 * from which scores, reject counts and (later) per-type breakdowns all derive.
 */
public final class EventTypeCounter {
  private EventTypeCounter() {}

  public static Dataset<Row> count(Dataset<Row> periodEvents) {
    return periodEvents
        .groupBy(
            Columns.CUSTOMER_ID,
            Columns.PERIOD_KIND,
            Columns.PERIOD_START,
            Columns.PERIOD_END,
            Columns.EVENT_TYPE,
            Columns.REJECT_REASON)
        .agg(functions.count(lit(1)).as(Columns.EVENT_COUNT));
  }
}
