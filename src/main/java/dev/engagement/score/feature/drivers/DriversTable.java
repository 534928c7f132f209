package dev.engagement.score.feature.drivers;

import dev.engagement.score.core.table.ScoreTable;
import java.util.Map;

/**
 * The drivers table ({@code drivers.path}): per customer and scored period, how much each event
 * type's contribution changed since the previous period, ranked. Written like the score table
 * ({@link ScoreTable}: partitioned by {@code period_start}, a run replaces exactly its periods in
 * one commit, reader protocol 1, no deletion vectors, no TIMESTAMP_NTZ). See docs/drivers.md.
 */
public final class DriversTable {
  /** The setting that turns the feature on: the table's path (empty: off). */
  public static final String PATH_SETTING = DriversSettings.BLOCK + "." + DriversSettings.PATH;

  /**
   * CHECK constraints that hold whatever the configuration: the previous contribution, the change
   * and the rank are known together or not at all, and a row always has something to explain.
   */
  public static final Map<String, String> CONSTRAINTS =
      Map.of(
          "customer_id_present", "customer_id IS NOT NULL",
          "event_type_present", "event_type IS NOT NULL",
          "period_in_order", "period_end >= period_start",
          "current_contribution_present", "current_contribution IS NOT NULL",
          "previous_known_together",
              "(previous_contribution IS NULL) = (change IS NULL)"
                  + " AND (change IS NULL) = (rank IS NULL)",
          "change_exact", "change IS NULL OR change = current_contribution - previous_contribution",
          "rank_positive", "rank IS NULL OR rank >= 1",
          "contribution_nonzero",
              "current_contribution <> 0 OR COALESCE(previous_contribution, 0) <> 0");

  /** Written through {@link ScoreTable}: check and period-replacing write. */
  public static final ScoreTable.Layout LAYOUT =
      new ScoreTable.Layout(
          DriverRows.SCHEMA,
          "Change of each event type's contribution to the engagement score since the customer's"
              + " previous period, ranked, written by the engagement-score job",
          CONSTRAINTS,
          DriverRows.SCHEMA_VERSION,
          DriverRows.SCHEMA.fields().length,
          "drivers",
          "drivers table",
          PATH_SETTING);

  private DriversTable() {}
}
