package dev.engagement.score.config;

/**
 * Which events with the same event id are duplicates of each other (always on the same business
 * day): the values of {@code events.id_scope}.
 */
public enum IdScope {
  /**
   * The same customer's events only: an id another customer also uses is not a duplicate. The
   * events are shuffled once, by customer, for both the de-duplication and the sums that follow.
   */
  CUSTOMER,
  /**
   * Every customer's events: ids are unique across the whole source. Costs a shuffle by event id of
   * its own, before the sums' shuffle by customer.
   */
  GLOBAL;

  /** The value as it is written in the settings, e.g. {@code customer}. */
  public String setting() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
