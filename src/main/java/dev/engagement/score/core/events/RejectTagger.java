package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.model.Columns;
import java.time.Instant;
import java.util.Collection;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Tags events that cannot be scored with a {@link RejectReason} instead of dropping them, in steps:
 * time problems before periods are assigned (an event without a usable time belongs to no period),
 * everything else after (so that only the run's own events are judged).
 */
public final class RejectTagger {
  private RejectTagger() {}

  /**
   * The checks that do not depend on the weights.
   *
   * @param earliest the earliest sane event time
   * @param latest the latest sane event time
   * @param customerIdWhitespace whether ids with outer whitespace are rejected
   */
  public record Checks(
      Instant earliest, Instant latest, CustomerIdWhitespace customerIdWhitespace) {}

  /** Adds {@code reject_reason}: a missing time, or one outside {@code earliest..latest}. */
  public static Dataset<Row> tagTimes(Dataset<Row> events, Instant earliest, Instant latest) {
    Column time = col(Columns.EVENT_TS);
    return events.withColumn(
        Columns.REJECT_REASON,
        when(time.isNull(), RejectReason.MISSING_EVENT_TIME)
            .when(
                time.lt(lit(earliest)).or(time.gt(lit(latest))),
                RejectReason.EVENT_TIME_OUT_OF_RANGE)
            .otherwise(lit(null).cast(DataTypes.StringType)));
  }

  /**
   * With {@link CustomerIdWhitespace#REJECT}, tags still-unrejected events whose customer id starts
   * or ends with whitespace; the other modes leave the events as they are (warn counts them, trim
   * has stripped them in {@link EventValidator}).
   */
  public static Dataset<Row> tagCustomerIds(Dataset<Row> events, CustomerIdWhitespace whitespace) {
    if (whitespace != CustomerIdWhitespace.REJECT) {
      return events;
    }
    Column reason = col(Columns.REJECT_REASON);
    return events.withColumn(
        Columns.REJECT_REASON,
        when(reason.isNotNull(), reason)
            .when(
                EventValidator.hasOuterWhitespace(col(Columns.CUSTOMER_ID)),
                RejectReason.CUSTOMER_ID_WHITESPACE));
  }

  /** Tags still-unrejected events without a customer id or with a type not in {@code known}. */
  public static Dataset<Row> tagRows(Dataset<Row> events, Collection<String> knownTypes) {
    Column type = col(Columns.EVENT_TYPE);
    Column reason = col(Columns.REJECT_REASON);
    return events.withColumn(
        Columns.REJECT_REASON,
        when(reason.isNotNull(), reason)
            .when(col(Columns.CUSTOMER_ID).isNull(), RejectReason.MISSING_CUSTOMER_ID)
            .when(
                type.isNull().or(not(type.isin(knownTypes.toArray()))),
                RejectReason.UNKNOWN_EVENT_TYPE));
  }
}
