package dev.engagement.score.core.plugin;

import dev.engagement.score.model.DateSpan;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Event counts kept from one run to the next, per day (the daily aggregate, feature/aggregate). A
 * feature that implements this, once it has read its inputs ({@link Feature#read}), decides which
 * days of the run's span the run reads from the events: the counts of the others come from it. It
 * is no step of {@link Feature}'s, since it changes what the run reads and how it counts, before
 * any feature sees the counts; the run stores the days it read after every companion table. At most
 * one feature implements it.
 */
public interface StoredCounts {
  /**
   * The days whose events the run reads: at least the last, so that every run checks its events.
   */
  DateSpan readDays();

  /**
   * Whether it stores some of the days read: the run then counts those per day, for {@link #store}.
   */
  boolean stores();

  /**
   * The stored counts of the span's days not read, per customer, day, event type and reject reason
   * (the daily counts' columns); empty when there are none.
   */
  Optional<Dataset<Row>> reused(SparkSession spark);

  /**
   * Stores the settled days among those read from {@code dailyCounts}, the run's counts of them per
   * day: after the score table and every companion table.
   */
  void store(Dataset<Row> dailyCounts, String runId);
}
