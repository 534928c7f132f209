package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Counts each event id once per business day. Among the scorable events (no reject reason yet) that
 * share an {@code event_id} and a {@code local_date}, the earliest {@code event_ts} is kept (ties:
 * smallest event_type, then customer_id) and the others are tagged {@code duplicate_event_id}.
 * Events without an id are never duplicates. Without an {@code event_id} column this is a no-op.
 *
 * <p>The day, not the period, is the scope so that a day's counts are the same whichever period (or
 * rolling window) they end up in: periods are sums of days, and stored daily counts can be reused
 * by later runs.
 */
public final class Deduplicator {
  private Deduplicator() {}

  public static Dataset<Row> markDuplicates(Dataset<Row> events) {
    if (!Arrays.asList(events.columns()).contains(Columns.EVENT_ID)) {
      return events;
    }
    Column reason = col(Columns.REJECT_REASON);
    Column rank =
        row_number()
            .over(
                Window.partitionBy(col(Columns.EVENT_ID), col(Columns.LOCAL_DATE), reason.isNull())
                    .orderBy(
                        col(Columns.EVENT_TS), col(Columns.EVENT_TYPE), col(Columns.CUSTOMER_ID)));
    return events.withColumn(
        Columns.REJECT_REASON,
        when(
                reason.isNull().and(col(Columns.EVENT_ID).isNotNull()).and(rank.gt(1)),
                RejectReason.DUPLICATE_EVENT_ID)
            .otherwise(reason));
  }
}
