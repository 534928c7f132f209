package dev.engagement.score.feature.restatements;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;

import dev.engagement.score.model.Columns;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Provisional versus final scores (docs/restatements.md). A scheduled run on business day T scores
 * yesterday and rescores the N days before it ({@code lookback_days}): T-1-N..T-1. The next run, on
 * T+1, reaches back to T-N, so a period whose last day is T-N or later can still be rewritten by
 * the schedule: it is provisional. A period that ended before T-N is final: only a deliberate rerun
 * (a restatement) changes it again.
 */
public final class Provisional {
  private Provisional() {}

  /**
   * The earliest {@code period_end} that is still provisional for a run started at {@code
   * startedAt}: T - N, T the run's day in the business time zone.
   */
  public static LocalDate firstProvisionalEnd(Instant startedAt, ZoneId zone, int lookbackDays) {
    return LocalDate.ofInstant(startedAt, zone).minusDays(lookbackDays);
  }

  /** Adds {@code provisional}: true when the row's period ends on or after {@code firstEnd}. */
  public static Dataset<Row> mark(Dataset<Row> rows, LocalDate firstEnd) {
    return rows.withColumn(
        Columns.PROVISIONAL, col(Columns.PERIOD_END).geq(lit(Date.valueOf(firstEnd))));
  }

  /**
   * Whether a stored row was final when it was written: its {@code provisional} flag, or, for rows
   * written before schema version 3 (null there), the same rule applied to its {@code scored_at}
   * with the current {@code zone} and {@code lookbackDays}. The session must run in UTC.
   */
  public static Column wasFinal(ZoneId zone, int lookbackDays) {
    Column scoredOn = to_date(from_utc_timestamp(col(Columns.SCORED_AT), zone.getId()));
    return coalesce(
        not(col(Columns.PROVISIONAL)),
        col(Columns.PERIOD_END).lt(date_sub(scoredOn, lookbackDays)));
  }
}
