package dev.engagement.score.backtest;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.core.table.ScoreTable;
import java.util.Map;

/**
 * The backtest report table ({@code backtest.report.path}), written like the score table ({@link
 * ScoreTable}): partitioned by {@code period_start} (the first period tested), a backtest replaces
 * the report rows of its period kind whose first period lies in its range, in one commit. See
 * docs/backtesting.md.
 */
public final class BacktestReport {
  /** CHECK constraints that hold whatever the configuration. */
  public static final Map<String, String> CONSTRAINTS =
      Map.of(
          "section_known", "section IN ('overall', 'tier', 'decile', 'weight')",
          "period_in_order", "period_end >= period_start");

  /** Written through {@link ScoreTable}: check and period-replacing write. */
  public static final ScoreTable.Layout LAYOUT =
      new ScoreTable.Layout(
          Backtest.REPORT,
          "Backtest of the engagement scores against churn outcomes, written by the engagement-score"
              + " job",
          CONSTRAINTS,
          Backtest.REPORT_SCHEMA_VERSION,
          Backtest.REPORT.fields().length,
          "report",
          "backtest report table",
          ConfigKeys.BACKTEST_REPORT_PATH + " (--report)");

  private BacktestReport() {}
}
