package dev.engagement.score.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.period.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run did; printed as a one-line JSON object, the last line of the job's stdout.
 *
 * @param rowsIn events read for the run's periods (after partition and time-range pruning)
 * @param rowsScored output rows written (one per customer and period)
 * @param unknownTypeEvents events whose type has no weight: read, not scored
 * @param nullCustomerEvents events without a customer id: read, not scored
 * @param nullTimeEvents events (with a customer id) without a time: read, not scored
 * @param outputPath the output table's fully qualified path
 * @param outputVersion the Delta table version this run committed
 */
public record RunSummary(
    String status,
    String periodKind,
    List<Period> periods,
    long rowsIn,
    long rowsScored,
    long unknownTypeEvents,
    long nullCustomerEvents,
    long nullTimeEvents,
    String outputPath,
    long outputVersion,
    long durationMs) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("period_kind", periodKind);
    m.put("periods", periods.stream().map(p -> p.start() + ".." + p.end()).toList());
    m.put("rows_in", rowsIn);
    m.put("rows_scored", rowsScored);
    m.put("unknown_type_events", unknownTypeEvents);
    m.put("null_customer_events", nullCustomerEvents);
    m.put("null_time_events", nullTimeEvents);
    m.put("output_path", outputPath);
    m.put("output_version", outputVersion);
    m.put("duration_ms", durationMs);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
