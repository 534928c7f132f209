package dev.engagement.score.feature.breakdown;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.core.table.ScoreTable;
import java.util.Map;

/**
 * The breakdown table ({@code breakdown.path}): each customer's score per period split by event
 * type, written like the score table ({@link ScoreTable}: partitioned by {@code period_start}, a
 * run replaces exactly its periods in one commit, reader protocol 1, no deletion vectors, no
 * TIMESTAMP_NTZ). See docs/breakdown.md.
 */
public final class BreakdownTable {
  /** CHECK constraints that hold whatever the configuration, as for the score table. */
  public static final Map<String, String> CONSTRAINTS =
      Map.of(
          "customer_id_present", "customer_id IS NOT NULL",
          "event_count_positive", "event_count > 0",
          "counted_within_event_count", "counted > 0 AND counted <= event_count",
          "contribution_present", "contribution IS NOT NULL",
          "period_in_order", "period_end >= period_start");

  /** Written through {@link ScoreTable}: check and period-replacing write. */
  public static final ScoreTable.Layout LAYOUT =
      new ScoreTable.Layout(
          BreakdownRows.SCHEMA,
          "Contribution of each event type to the engagement score per customer and period,"
              + " written by the engagement-score job",
          CONSTRAINTS,
          BreakdownRows.SCHEMA_VERSION,
          BreakdownRows.SCHEMA.fields().length,
          "breakdown",
          "breakdown table",
          ConfigKeys.BREAKDOWN_PATH);

  private BreakdownTable() {}
}
