package dev.engagement.score.config;

import dev.engagement.score.model.PeriodCalendar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The settings every run needs, validated, and the blocks the rest read themselves: how a score is
 * computed ({@code core.scoring.ScoreRules}) and each feature's own. Built by {@link
 * SettingsLoader}.
 */
public record JobSettings(
    Events events,
    Weights weights,
    PeriodCalendar calendar,
    ZoneId timezone,
    Optional<LocalDate> date,
    int lookbackDays,
    int maxRangeDays,
    TierRules tiers,
    OnEmpty onEmpty,
    BigDecimal maxRejectRatio,
    // A share, 0..1: how much of a period's scored events a rescore may lose before it fails.
    BigDecimal maxRowDrop,
    String outputPath,
    Optional<String> auditPath,
    Optional<String> catalogTable,
    // catalog.managed: the score table is the managed table catalogTable (outputPath is "").
    boolean managedTable,
    String configHash,
    // Weight-change preview: the preview-weights command (docs/weight-preview.md).
    Preview preview,
    // Backtesting (docs/backtesting.md): read by the backtest command only.
    Backtest backtest,
    // The effective settings as HOCON, secrets redacted (EffectiveConfig): --print-config prints
    // them, the audit table stores them beside config_hash.
    String effectiveConfig,
    // The whole engagement block, for the parts that read their own block (docs/architecture.md),
    // and the same block of reference.conf alone, for those that compare with a default.
    SettingsBlock root,
    SettingsBlock reference) {

  /**
   * What the {@code preview-weights} command lists and where it writes its report.
   *
   * @param top the movers listed per period
   * @param reportPath the report's Delta table; empty: print only
   */
  public record Preview(int top, Optional<String> reportPath) {}

  /**
   * The backtest command's inputs: the outcome table (empty: not set), the horizon in days after a
   * period's end within which an outcome labels it, and where to write the report (empty: print
   * only).
   */
  public record Backtest(
      Optional<String> outcomesPath,
      SourceFormat outcomesFormat,
      int horizonDays,
      Optional<String> reportPath) {}

  /** What to do when the requested periods have no events. */
  public enum OnEmpty {
    FAIL,
    WRITE_EMPTY,
    SKIP
  }

  /**
   * Where the events are, what their columns are called and how their ids and times are encoded.
   *
   * @param customerIdIntegers whether an INT, BIGINT or SMALLINT customer column is read as its
   *     decimal text; refused when false
   * @param idScope whose events with the same id on the same day are duplicates: the customer's
   *     (default) or everyone's
   * @param uniqueIds the user's word that no two events share an id (within {@code idScope}): the
   *     de-duplication is skipped
   */
  public record Events(
      String path,
      SourceFormat format,
      String customerColumn,
      String typeColumn,
      String timeColumn,
      Optional<String> partitionColumn,
      ZoneId ntzTimezone,
      Optional<String> idColumn,
      Instant minTime,
      int maxDaysAhead,
      Optional<String> accountColumn,
      // Identifiers and time encodings (README, "Identifiers and event times").
      CustomerIdWhitespace customerIdWhitespace,
      boolean customerIdIntegers,
      TimeEncoding timeEncoding,
      // De-duplication by event id (README, "Duplicates"): whose ids are compared, and whether the
      // user declares them unique already (then nothing is compared).
      IdScope idScope,
      boolean uniqueIds) {}

  /** Where the weights are. */
  public record Weights(String path, SourceFormat format) {}

  /**
   * A feature's own settings block, e.g. {@code drivers}: it reads and checks its keys itself;
   * their defaults are in reference.conf like every other key's.
   */
  public SettingsBlock block(String name) {
    return root.block(name);
  }
}
