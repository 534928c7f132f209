package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.engagement.score.model.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Counts events per customer, business day, event type and reject reason: the finest grain the job
 * keeps, from which every period's scores and reject counts derive.
 */
public final class EventTypeCounter {
  private EventTypeCounter() {}

  /** Tagged events (with {@code local_date}) to daily counts. */
  public static Dataset<Row> countDays(Dataset<Row> datedEvents) {
    return datedEvents
        .groupBy(Columns.CUSTOMER_ID, Columns.LOCAL_DATE, Columns.EVENT_TYPE, Columns.REJECT_REASON)
        .agg(functions.count(lit(1)).as(Columns.EVENT_COUNT));
  }

  /**
   * Tagged events (with {@code local_date}) as rows of {@link #countDays}' shape, each counting 1.
   */
  public static Dataset<Row> eachOnce(Dataset<Row> datedEvents) {
    return datedEvents.select(
        col(Columns.CUSTOMER_ID),
        col(Columns.LOCAL_DATE),
        col(Columns.EVENT_TYPE),
        col(Columns.REJECT_REASON),
        lit(1L).as(Columns.EVENT_COUNT));
  }
}
