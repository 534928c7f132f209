package dev.engagement.score.io;

import dev.engagement.score.period.Period;
import dev.engagement.score.transform.AccountRollup;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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

  static final ScoreTable.Layout LAYOUT =
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

  /**
   * Checks, before any work, that {@code path} is new or an account table of this job. Returns the
   * fully qualified path.
   */
  public static String check(SparkSession spark, String path) {
    return ScoreTable.check(spark, path, LAYOUT);
  }

  /** Replaces the rows of {@code periods} with {@code rows}, as {@link ScoreTable#write} does. */
  public static ScoreTable.WriteResult write(
      Dataset<Row> rows,
      String path,
      List<Period> periods,
      String runId,
      Map<String, String> labels) {
    return ScoreTable.write(rows, path, periods, runId, labels, LAYOUT);
  }
}
