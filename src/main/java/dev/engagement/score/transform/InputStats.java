package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of the events read for a run, from the weighted per-type counts. An event is counted once
 * per period it falls in. Each unscored event is counted under the first reason that applies: no
 * customer id, then no time, then a type without a weight.
 */
public record InputStats(
    long eventsIn, long nullCustomerEvents, long nullTimeEvents, long unknownTypeEvents) {

  public static InputStats of(Dataset<Row> weightedCounts) {
    Column hasCustomer = col(Columns.CUSTOMER_ID).isNotNull();
    Column hasPeriod = col(Columns.PERIOD_START).isNotNull();
    Row r =
        weightedCounts
            .agg(
                total(lit(true)),
                total(not(hasCustomer)),
                total(hasCustomer.and(not(hasPeriod))),
                total(hasCustomer.and(hasPeriod).and(col(Columns.WEIGHT).isNull())))
            .first();
    return new InputStats(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
  }

  private static Column total(Column condition) {
    return coalesce(sum(when(condition, col(Columns.EVENT_COUNT))), lit(0L));
  }
}
