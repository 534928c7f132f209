package dev.engagement.score.core.events;

import java.util.List;

/**
 * Why an event is not scored: the values of the {@code reject_reason} column. An event gets the
 * first reason that applies, in this order.
 */
public final class RejectReason {
  /** No event time: no period can hold it. */
  public static final String MISSING_EVENT_TIME = "missing_event_time";

  /** An event time before {@code events.min_time} or too far in the future. */
  public static final String EVENT_TIME_OUT_OF_RANGE = "event_time_out_of_range";

  /** A null customer id, or one of whitespace only. */
  public static final String MISSING_CUSTOMER_ID = "missing_customer_id";

  /**
   * A customer id with leading or trailing whitespace, with {@code events.customer_id_whitespace =
   * reject}: bad data, like a missing id.
   */
  public static final String CUSTOMER_ID_WHITESPACE = "customer_id_whitespace";

  /** An event type without a weight (types match exactly). */
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";

  /** A repeat of an event id already counted in the same period: removed, not a data error. */
  public static final String DUPLICATE_EVENT_ID = "duplicate_event_id";

  /**
   * A scorable event of a customer that the customer dimension lists, in a period the customer is
   * not active in: not scored, not a data error. Set per customer and period, after the others.
   */
  public static final String INACTIVE_CUSTOMER = "inactive_customer";

  /** Every reason, in order of precedence. */
  public static final List<String> ALL =
      List.of(
          MISSING_EVENT_TIME,
          EVENT_TIME_OUT_OF_RANGE,
          MISSING_CUSTOMER_ID,
          CUSTOMER_ID_WHITESPACE,
          UNKNOWN_EVENT_TYPE,
          DUPLICATE_EVENT_ID,
          INACTIVE_CUSTOMER);

  /**
   * The reasons that are not bad data: expected repeats, and valid events the customer dimension
   * says not to score. They do not count toward {@code max_reject_ratio}.
   */
  public static final List<String> EXPECTED = List.of(DUPLICATE_EVENT_ID, INACTIVE_CUSTOMER);

  private RejectReason() {}
}
