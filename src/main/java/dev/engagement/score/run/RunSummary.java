package dev.engagement.score.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.core.plugin.SummaryPart;
import dev.engagement.score.core.scoring.InputStats;
import dev.engagement.score.model.JobVersion;
import dev.engagement.score.model.Period;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one run did; printed as a one-line JSON object, the last line of the job's stdout.
 *
 * @param status {@code ok}, or {@code skipped} when there were no events to score and on_empty =
 *     skip
 * @param input the events read for the run's periods (once per period an event falls in): in total,
 *     rejected per reason (duplicates included), per period, the most frequent unknown event types
 *     and the scored events whose customer id has leading or trailing whitespace
 * @param previousScoredEvents per period start, the scored events of the rows the run replaced
 *     (absent for a period the table did not have): what {@code max_row_drop} compares with
 * @param rowsScored output rows written (one per customer and period)
 * @param outputPath the output table's fully qualified path
 * @param outputVersion the Delta table version this run committed (or found, when skipped; -1 when
 *     there is no table)
 * @param configHash fingerprint of the effective settings
 * @param weightsHash fingerprint of the weights used
 * @param weightsVersions the {@code weights_version} of each period scored, distinct, sorted
 * @param replacedWeightsVersions the {@code weights_version} values of the rows the run replaced
 *     (none when it scored the periods for the first time, or rows of schema version 1): a rescore
 *     with new weights lists versions that differ from {@code weightsVersions}
 * @param parts what each feature reports ({@link SummaryPart}), in the order of registration: the
 *     parts that tell what the score table's commit did ({@code restated_rows}, {@code
 *     overrides_applied}) follow the commit's keys, the others come last
 */
public record RunSummary(
    String runId,
    String status,
    String periodKind,
    List<Period> periods,
    InputStats input,
    Map<LocalDate, Long> previousScoredEvents,
    long rowsScored,
    String outputPath,
    long outputVersion,
    String configHash,
    String weightsHash,
    List<String> weightsVersions,
    List<String> replacedWeightsVersions,
    long durationMs,
    // The features' parts, in the order of registration (restated_rows, accounts, ...).
    List<SummaryPart> parts) {

  /** The run summary's and audit row's warning: scored customer ids with outer whitespace. */
  public static final String WHITESPACE_WARNING = "customer_id_whitespace";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The events read for the run's periods, once per period an event falls in. */
  public long rowsIn() {
    return input.eventsIn();
  }

  /** Events not scored, per reject reason (duplicates included). */
  public Map<String, Long> rejected() {
    return input.rejectedByReason();
  }

  /** Each period's counts, with the scored events of the rows it replaced (null when new). */
  private List<Map<String, Object>> periodStats() {
    return input.periods().stream()
        .map(
            p -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("period", p.period().start() + ".." + p.period().end());
              m.put("rows_in", p.eventsIn());
              m.put("scored_events", p.scoredEvents());
              m.put("previous_scored_events", previousScoredEvents.get(p.period().start()));
              m.put("rejected", p.rejected());
              return m;
            })
        .toList();
  }

  /** What the feature that reports {@code key} reported, e.g. the account table's commit. */
  public <T> Optional<T> part(String key, Class<T> type) {
    return parts.stream()
        .filter(p -> p.key().equals(key))
        .map(p -> type.cast(p.data()))
        .findFirst();
  }

  /** Adds the parts that tell what the score table's commit did, or the others. */
  private void put(Map<String, Object> json, boolean scoreTable) {
    parts.stream()
        .filter(part -> part.scoreTable() == scoreTable)
        .forEach(part -> json.put(part.key(), part.value()));
  }

  /**
   * The run in one line of words, the console's last: e.g. {@code engagement-score: ok, 41 rows
   * scored for month 2026-10-01..2026-10-31 into file:/data/scores (version 3) in 12.3 s; 1,230
   * events read, 1,207 scored, 23 rejected (unknown_event_type 21: legacy_page_view 21; ...)}.
   */
  public String plainText() {
    Period first = periods.get(0);
    Period last = periods.get(periods.size() - 1);
    String span =
        (periods.size() == 1 ? "" : periods.size() + " periods ")
            + first.start()
            + ".."
            + last.end();
    String published =
        "ok".equals(status)
            ? String.format(
                Locale.ROOT,
                "%,d rows scored for %s %s into %s (version %d)",
                rowsScored,
                periodKind,
                span,
                outputPath,
                outputVersion)
            : String.format(
                Locale.ROOT,
                "nothing published for %s %s, %s stays at version %d",
                periodKind,
                span,
                outputPath,
                outputVersion);
    return String.format(
        Locale.ROOT,
        "%s: %s, %s in %.1f s; %s",
        JobVersion.NAME,
        status,
        published,
        durationMs / 1000.0,
        input.describe());
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("status", status);
    m.put("period_kind", periodKind);
    m.put("periods", periods.stream().map(p -> p.start() + ".." + p.end()).toList());
    m.put("rows_in", rowsIn());
    m.put("rows_scored", rowsScored);
    m.put("rejected", rejected());
    m.put("output_path", outputPath);
    m.put("output_version", outputVersion);
    m.put("config_hash", configHash);
    m.put("weights_hash", weightsHash);
    m.put("weights_versions", weightsVersions);
    m.put("replaced_weights_versions", replacedWeightsVersions);
    put(m, true);
    m.put("unknown_event_types", input.unknownEventTypes());
    m.put("warnings", Map.of(WHITESPACE_WARNING, input.paddedCustomerIdEvents()));
    m.put("period_stats", periodStats());
    m.put("duration_ms", durationMs);
    put(m, false);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
