package dev.engagement.score.core.plugin;

import java.util.Map;

/**
 * A feature's part of the run summary: a key of its JSON object and the value under it (a map,
 * list, number or text, as Jackson writes it), e.g. {@code "alerts": {"fell_into:at_risk": 3}}, and
 * the columns of the run's audit row it fills, if any.
 *
 * @param value what the summary's JSON shows; {@code data} what code reads (the same or a record)
 * @param audit the audit table's columns it fills, by name (the table declares them), e.g. {@code
 *     restated_rows}; none for most parts
 * @param scoreTable whether it tells what the score table's commit did (the rows it restated, the
 *     overrides it applied): such parts follow the commit's keys, before the input's; the others
 *     follow every key
 */
public record SummaryPart(
    String key, Object value, Object data, Map<String, Object> audit, boolean scoreTable) {
  /** A part of its own: after every other key of the summary, and in no audit column. */
  public SummaryPart(String key, Object value, Object data) {
    this(key, value, data, Map.of(), false);
  }

  /** A part that tells what the score table's commit did ({@link #scoreTable}). */
  public static SummaryPart ofScoreTable(
      String key, Object value, Object data, Map<String, Object> audit) {
    return new SummaryPart(key, value, data, audit, true);
  }
}
