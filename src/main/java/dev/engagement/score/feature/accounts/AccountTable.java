package dev.engagement.score.feature.accounts;

import dev.engagement.score.core.table.ScoreTable;
import java.util.Map;

/**
 * The account table (see docs/accounts.md): account scores per period, written exactly like the
 * score table ({@link ScoreTable}): partitioned by {@code period_start}, a run replacing its
 * periods in one commit, reader protocol 1, CHECK constraints of its own.
 */
public final class AccountTable {
  /** CHECK constraints that hold whatever the configuration, as for the score table. */
  public static final Map<String, String> CONSTRAINTS =
      Map.of(
          "account_id_present", "account_id IS NOT NULL",
          "customer_count_positive", "customer_count > 0",
          "event_count_positive", "event_count > 0",
          "rollup_known", "rollup IN ('sum', 'mean')",
          "raw_score_present", "raw_score IS NOT NULL",
          "period_in_order", "period_end >= period_start",
          "tier_present", "tier IS NOT NULL");

  /** Written through {@link ScoreTable}: check and period-replacing write. */
  public static final ScoreTable.Layout LAYOUT =
      new ScoreTable.Layout(
          AccountRollup.SCHEMA,
          "Engagement score per account and period (sum or mean of its customers' scores),"
              + " written by the engagement-score job",
          CONSTRAINTS,
          AccountRollup.SCHEMA_VERSION,
          AccountRollup.SCHEMA.fields().length,
          "account",
          "account table",
          "accounts.path");

  private AccountTable() {}
}
