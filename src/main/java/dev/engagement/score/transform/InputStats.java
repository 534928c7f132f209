package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.sum;

import dev.engagement.score.Columns;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of the events read for a run, from the period sums ({@link ScoreAggregator#sumPeriods}):
 * all of them, and the rejected ones per {@link RejectReason} (every reason present, 0 when none).
 * An event is counted once per period it falls in.
 */
public record InputStats(long eventsIn, Map<String, Long> rejectedByReason) {

  public static InputStats of(Dataset<Row> periodSums) {
    List<Row> rows =
        periodSums.groupBy(Columns.REJECT_REASON).agg(sum(Columns.EVENT_COUNT)).collectAsList();
    Map<String, Long> byReason = new LinkedHashMap<>();
    RejectReason.ALL.forEach(r -> byReason.put(r, 0L));
    long total = 0;
    for (Row r : rows) {
      total += r.getLong(1);
      if (!r.isNullAt(0)) {
        byReason.put(r.getString(0), r.getLong(1));
      }
    }
    return new InputStats(total, Collections.unmodifiableMap(byReason));
  }

  /**
   * Events rejected as bad data: every reason but duplicates, which are expected repeats, and
   * inactive customers' events, which are valid data the dimension says not to score.
   */
  public long badEvents() {
    return rejectedByReason.entrySet().stream()
        .filter(
            e ->
                !e.getKey().equals(RejectReason.DUPLICATE_EVENT_ID)
                    && !e.getKey().equals(RejectReason.INACTIVE_CUSTOMER))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
