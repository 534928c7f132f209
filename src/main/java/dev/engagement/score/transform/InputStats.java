package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of the events read for a run, from the weighted per-type counts. An event is counted once
 * per period it falls in. Events without a customer id count as such whatever their type;
 * unknown-type events are those of real customers whose type has no weight.
 */
public record InputStats(long eventsIn, long nullCustomerEvents, long unknownTypeEvents) {

  public static InputStats of(Dataset<Row> weightedCounts) {
    Column customerMissing = col(Columns.CUSTOMER_ID).isNull();
    Column weightMissing = col(Columns.WEIGHT).isNull();
    Row r =
        weightedCounts
            .agg(
                total(lit(true)),
                total(customerMissing),
                total(col(Columns.CUSTOMER_ID).isNotNull().and(weightMissing)))
            .first();
    return new InputStats(r.getLong(0), r.getLong(1), r.getLong(2));
  }

  private static Column total(Column condition) {
    return coalesce(sum(when(condition, col(Columns.EVENT_COUNT))), lit(0L));
  }
}
