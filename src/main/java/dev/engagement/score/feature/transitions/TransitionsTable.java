package dev.engagement.score.feature.transitions;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.core.table.ScoreTable;
import java.util.Map;

/**
 * The transitions table ({@code transitions.path}): each customer's tier, score and rank change per
 * period and the alerts that fired, written like the score table ({@link ScoreTable}: partitioned
 * by {@code period_start}, a run replaces exactly its periods in one commit, reader protocol 1, no
 * deletion vectors, no TIMESTAMP_NTZ). See docs/transitions.md.
 */
public final class TransitionsTable {
  /** CHECK constraints that hold whatever the configuration, as for the score table. */
  public static final Map<String, String> CONSTRAINTS =
      Map.of(
          "customer_id_present", "customer_id IS NOT NULL",
          "raw_score_present", "raw_score IS NOT NULL",
          "tier_present", "tier IS NOT NULL",
          "rank_positive", "rank >= 1",
          "alerts_present", "alerts IS NOT NULL AND alert IS NOT NULL",
          "period_in_order", "period_end >= period_start");

  /** Written through {@link ScoreTable}: check and period-replacing write. */
  public static final ScoreTable.Layout LAYOUT =
      new ScoreTable.Layout(
          TierTransitions.SCHEMA,
          "Tier, score and rank changes of each customer against its previous period, and the"
              + " alerts that fired, written by the engagement-score job",
          CONSTRAINTS,
          TierTransitions.SCHEMA_VERSION,
          TierTransitions.SCHEMA.fields().length,
          "transitions",
          "transitions table",
          ConfigKeys.TRANSITIONS_PATH);

  private TransitionsTable() {}
}
