package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.core.events.EventValidator;
import dev.engagement.score.core.events.RejectReason;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of the events read for a run, from the period sums ({@link ScoreAggregator#sumPeriods}),
 * in one aggregation: all of them, the rejected ones per {@link RejectReason} (every reason
 * present, 0 when none), the same per period, the most frequent event types without a weight, and
 * the scored events whose customer id has leading or trailing whitespace. An event is counted once
 * per period it falls in; events rejected for their time have no period and are counted in the
 * run's totals only.
 *
 * @param periods the counts of each period that has events, oldest first
 * @param unknownEventTypes the {@link #TOP_UNKNOWN_TYPES} most frequent types rejected as {@code
 *     unknown_event_type}, with their counts, most frequent first (ties by name)
 * @param paddedCustomerIdEvents scored events whose customer id starts or ends with whitespace
 */
public record InputStats(
    long eventsIn,
    Map<String, Long> rejectedByReason,
    List<PeriodCounts> periods,
    Map<String, Long> unknownEventTypes,
    long paddedCustomerIdEvents) {

  /** How many unknown event types a run names. */
  public static final int TOP_UNKNOWN_TYPES = 10;

  /** The events of one period: read, scored, and rejected per reason. */
  public record PeriodCounts(
      Period period, long eventsIn, long scoredEvents, Map<String, Long> rejected) {}

  public static InputStats of(Dataset<Row> periodSums) {
    Column scored = col(Columns.REJECT_REASON).isNull();
    Column padded = scored.and(EventValidator.hasOuterWhitespace(col(Columns.CUSTOMER_ID)));
    List<Row> rows =
        periodSums
            .groupBy(
                Columns.PERIOD_KIND,
                Columns.PERIOD_START,
                Columns.PERIOD_END,
                Columns.REJECT_REASON,
                Columns.REJECTED_EVENT_TYPE)
            .agg(
                sum(Columns.EVENT_COUNT),
                sum(when(padded, col(Columns.EVENT_COUNT)).otherwise(lit(0L))))
            .collectAsList();
    Map<String, Long> byReason = noRejects();
    Map<Period, PeriodCounts> byPeriod = new TreeMap<>(Comparator.comparing(Period::start));
    Map<String, Long> unknown = new TreeMap<>();
    long total = 0;
    long paddedEvents = 0;
    for (Row r : rows) {
      long events = r.isNullAt(5) ? 0 : r.getLong(5);
      total += events;
      paddedEvents += r.isNullAt(6) ? 0 : r.getLong(6);
      String reason = r.getString(3);
      if (reason != null) {
        byReason.merge(reason, events, Long::sum);
      }
      if (!r.isNullAt(4)) {
        unknown.merge(r.getString(4), events, Long::sum);
      }
      if (!r.isNullAt(1)) {
        Period period =
            new Period(r.getString(0), r.getDate(1).toLocalDate(), r.getDate(2).toLocalDate());
        byPeriod.put(period, add(byPeriod.get(period), period, reason, events));
      }
    }
    return new InputStats(
        total,
        Collections.unmodifiableMap(byReason),
        List.copyOf(byPeriod.values()),
        top(unknown),
        paddedEvents);
  }

  private static Map<String, Long> noRejects() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    RejectReason.ALL.forEach(r -> byReason.put(r, 0L));
    return byReason;
  }

  private static PeriodCounts add(PeriodCounts counts, Period period, String reason, long events) {
    PeriodCounts base = counts == null ? new PeriodCounts(period, 0, 0, noRejects()) : counts;
    Map<String, Long> rejected = new LinkedHashMap<>(base.rejected());
    if (reason != null) {
      rejected.merge(reason, events, Long::sum);
    }
    return new PeriodCounts(
        period,
        base.eventsIn() + events,
        base.scoredEvents() + (reason == null ? events : 0),
        Collections.unmodifiableMap(rejected));
  }

  private static Map<String, Long> top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP_UNKNOWN_TYPES)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * Events rejected as bad data: every reason but duplicates, which are expected repeats, and
   * inactive customers' events, which are valid data the dimension says not to score.
   */
  public long badEvents() {
    return rejectedByReason.entrySet().stream()
        .filter(e -> !RejectReason.EXPECTED.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /**
   * In words, for the console: e.g. {@code 1,230 events read, 1,207 scored, 23 rejected
   * (unknown_event_type 21: legacy_page_view 21; missing_event_time 1; missing_customer_id 1)}.
   */
  public String describe() {
    long rejected = eventsIn - scoredEvents();
    String text =
        String.format(
            Locale.ROOT,
            "%,d events read, %,d scored, %,d rejected",
            eventsIn,
            scoredEvents(),
            rejected);
    if (rejected == 0) {
      return text;
    }
    return text
        + rejectedByReason.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(
                e ->
                    e.getKey()
                        + " "
                        + String.format(Locale.ROOT, "%,d", e.getValue())
                        + types(e.getKey()))
            .collect(Collectors.joining("; ", " (", ")"));
  }

  /** The top unknown types after the unknown_event_type count: {@code : legacy_page_view 21}. */
  private String types(String reason) {
    if (!reason.equals(RejectReason.UNKNOWN_EVENT_TYPE) || unknownEventTypes.isEmpty()) {
      return "";
    }
    return unknownEventTypes.entrySet().stream()
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
        .collect(Collectors.joining(", ", ": ", ""));
  }

  /** Events that count in a score: those read minus every rejected one. */
  public long scoredEvents() {
    return eventsIn - rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
  }
}
