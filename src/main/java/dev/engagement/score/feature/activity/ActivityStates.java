package dev.engagement.score.feature.activity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Tells apart what a raw score alone hides. {@code activity_state}: {@code active} (scored events,
 * net score 0 or more), {@code net_negative} (scored events, net score below 0) or {@code
 * no_events} (an active customer of the dimension without events in the period: raw score 0); a
 * customer without any data in the period has no row at all, so a join from the customer dimension
 * gives null. {@code last_event_date}: the latest day with a scored event up to the period's end,
 * from the period itself or, failing that, from the customer's earlier periods; {@code
 * days_since_last_event} counts the days from it to the period's last day (0: an event on the last
 * day); {@code never_active}: no scored event in the period nor in any earlier one (both then
 * null/true).
 */
public final class ActivityStates {
  public static final String ACTIVE = "active";
  public static final String NET_NEGATIVE = "net_negative";
  public static final String NO_EVENTS = "no_events";

  private static final String EARLIER_END = "earlier_period_end";
  private static final String EARLIER_LAST = "earlier_last_event_date";

  private ActivityStates() {}

  /**
   * @param scores one row per customer and period, with the period's own {@code last_event_date}
   *     (null without events, see {@link ScoreAggregator})
   * @param history the customer's other periods of the same kind, stored or scored in the same run
   *     (customer, period kind, {@code period_end}, {@code last_event_date}): those ending before a
   *     period count as earlier
   */
  public static Dataset<Row> assign(Dataset<Row> scores, Dataset<Row> history) {
    Dataset<Row> earlier =
        scores
            .select(Columns.cols(Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_END))
            .join(
                history
                    .where(col(Columns.LAST_EVENT_DATE).isNotNull())
                    .select(
                        col(Columns.CUSTOMER_ID),
                        col(Columns.PERIOD_KIND),
                        col(Columns.PERIOD_END).as(EARLIER_END),
                        col(Columns.LAST_EVENT_DATE).as(EARLIER_LAST)),
                Columns.joinKeys(Columns.CUSTOMER_ID, Columns.PERIOD_KIND))
            .where(col(EARLIER_END).lt(col(Columns.PERIOD_END)))
            .groupBy(Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_END)
            .agg(max(EARLIER_LAST).as(EARLIER_LAST));
    String[] columns =
        Stream.concat(
                Arrays.stream(scores.columns()),
                Stream.of(
                    Columns.DAYS_SINCE_LAST_EVENT, Columns.NEVER_ACTIVE, Columns.ACTIVITY_STATE))
            .toArray(String[]::new);
    return scores
        .join(
            earlier,
            Columns.joinKeys(Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_END),
            "left")
        // Overlapping periods (rolling windows) can hold the earlier period's last day too.
        .withColumn(
            Columns.LAST_EVENT_DATE, greatest(col(Columns.LAST_EVENT_DATE), col(EARLIER_LAST)))
        .drop(EARLIER_LAST)
        .withColumn(
            Columns.DAYS_SINCE_LAST_EVENT,
            datediff(col(Columns.PERIOD_END), col(Columns.LAST_EVENT_DATE)))
        .withColumn(Columns.NEVER_ACTIVE, col(Columns.LAST_EVENT_DATE).isNull())
        .withColumn(
            Columns.ACTIVITY_STATE,
            when(col(Columns.EVENT_COUNT).equalTo(0L), lit(NO_EVENTS))
                .when(col(Columns.RAW_SCORE).lt(0), lit(NET_NEGATIVE))
                .otherwise(lit(ACTIVE)))
        .select(Columns.cols(columns));
  }
}
