package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.IdScope;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.Columns;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Counts each event id once per business day. Among the scorable events (no reject reason yet) that
 * share an {@code event_id} and a {@code local_date} (and, in the {@link IdScope#CUSTOMER} scope, a
 * {@code customer_id}), the earliest {@code event_ts} is kept (ties: smallest event_type, then, in
 * the {@link IdScope#GLOBAL} scope, customer_id) and the others are tagged {@code
 * duplicate_event_id}. Events without an id are never duplicates. Without an {@code event_id}
 * column, or when the user declares the ids unique, this is a no-op.
 *
 * <p>The day, not the period, is the scope so that a day's counts are the same whichever period (or
 * rolling window) they end up in: periods are sums of days, and stored daily counts can be reused
 * by later runs.
 *
 * <p>In the customer scope the events are first shuffled by {@code customer_id} alone: that
 * partitioning satisfies both the de-duplication's window and every aggregation after it, which
 * groups by customer first ({@code spark.sql.requireAllClusterKeysForDistribution} is false), so
 * the events cross the network once. The global scope's window, partitioned by event id, needs a
 * shuffle of its own before the aggregations' shuffle by customer.
 */
public final class Deduplicator {
  private Deduplicator() {}

  /**
   * How event ids are de-duplicated: {@code events.id_scope} and {@code events.unique_ids}.
   *
   * @param scope whose events with the same id are compared
   * @param unique the user's word that no two events share an id within {@code scope} on a day:
   *     nothing is compared
   */
  public record Ids(IdScope scope, boolean unique) {
    /** The default: ids compared per customer, not declared unique. */
    public static final Ids PER_CUSTOMER = new Ids(IdScope.CUSTOMER, false);

    /** Across customers, as before {@code events.id_scope} existed. */
    public static final Ids GLOBAL = new Ids(IdScope.GLOBAL, false);

    /** The ids as the events' settings describe them. */
    public static Ids of(JobSettings.Events events) {
      return new Ids(events.idScope(), events.uniqueIds());
    }
  }

  /** Tags the duplicates among {@code events} as {@code ids} says (see the class comment). */
  public static Dataset<Row> markDuplicates(Dataset<Row> events, Ids ids) {
    if (ids.unique() || !Arrays.asList(events.columns()).contains(Columns.EVENT_ID)) {
      return events;
    }
    Column scorable = col(Columns.REJECT_REASON).isNull();
    return ids.scope() == IdScope.GLOBAL
        ? tag(
            events,
            Window.partitionBy(col(Columns.EVENT_ID), col(Columns.LOCAL_DATE), scorable)
                .orderBy(col(Columns.EVENT_TS), col(Columns.EVENT_TYPE), col(Columns.CUSTOMER_ID)))
        : tag(
            // Spark's own number of partitions (spark.sql.shuffle.partitions, coalesced by
            // adaptive execution), the one shuffle that the sums after it reuse.
            events.repartition(col(Columns.CUSTOMER_ID)),
            // The id first: each partition is sorted by these keys in this order, and an id's
            // sort prefix tells rows apart where customer ids often share their first bytes
            // (measured: docs/benchmarks.md). Any order of them is clustered by the customer.
            Window.partitionBy(
                    col(Columns.EVENT_ID),
                    col(Columns.LOCAL_DATE),
                    scorable,
                    col(Columns.CUSTOMER_ID))
                .orderBy(col(Columns.EVENT_TS), col(Columns.EVENT_TYPE)));
  }

  /** Every scorable event with an id but the first of its {@code group} tagged as a duplicate. */
  private static Dataset<Row> tag(Dataset<Row> events, WindowSpec group) {
    Column reason = col(Columns.REJECT_REASON);
    return events.withColumn(
        Columns.REJECT_REASON,
        when(
                reason
                    .isNull()
                    .and(col(Columns.EVENT_ID).isNotNull())
                    .and(row_number().over(group).gt(1)),
                RejectReason.DUPLICATE_EVENT_ID)
            .otherwise(reason));
  }
}
