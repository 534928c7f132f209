package dev.engagement.score.feature.restatements;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.model.Columns;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ProvisionalTest extends SparkTestBase {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private static LocalDate firstEnd(String startedAt, ZoneId zone, int lookbackDays) {
    return Provisional.firstProvisionalEnd(Instant.parse(startedAt), zone, lookbackDays);
  }

  @Test
  void theFirstProvisionalEndIsTheRunsBusinessDayMinusTheLookback() {
    // Run on Dec 1 (T), lookback 0: the next run (Dec 2) scores Dec 1 only -> T - 0 = Dec 1.
    assertThat(firstEnd("2026-12-01T02:00:00Z", UTC, 0)).isEqualTo("2026-12-01");
    // Lookback 3 on Dec 2: the run on Dec 3 rescores Nov 29..Dec 2 -> Dec 2 - 3 = Nov 29.
    assertThat(firstEnd("2026-12-02T02:00:00Z", UTC, 3)).isEqualTo("2026-11-29");
    // 2026-11-30T20:00Z is Dec 1, 05:00 in Tokyo: the run's day is Dec 1 there, Nov 30 in UTC.
    assertThat(firstEnd("2026-11-30T20:00:00Z", TOKYO, 0)).isEqualTo("2026-12-01");
    assertThat(firstEnd("2026-11-30T20:00:00Z", UTC, 0)).isEqualTo("2026-11-30");
  }

  private static final StructType PERIODS =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_END, DataTypes.DateType);

  private Dataset<Row> november(String kind, String end) {
    return df(PERIODS, new Object[] {"c1", kind, Date.valueOf(end)});
  }

  private static Object[] marked(String kind, String end, boolean provisional) {
    return new Object[] {"c1", kind, Date.valueOf(end), provisional};
  }

  private void assertMarked(Dataset<Row> rows, LocalDate firstEnd, Object[] expected) {
    assertDataFrameNoOrderEquals(
        df(PERIODS.add(Columns.PROVISIONAL, DataTypes.BooleanType), expected),
        Provisional.mark(rows, firstEnd));
  }

  @Test
  void aPeriodIsProvisionalWhileTheNextScheduledRunStillReachesIt() {
    // Monthly, lookback 0. The run on Nov 30 scores Nov 29: the run on Dec 1 rescores November
    // (it scores Nov 30): provisional. The run on Dec 1 scores Nov 30; the next one, on Dec 2,
    // scores Dec 1 only: November is final.
    assertMarked(
        november("month", "2026-11-30"),
        firstEnd("2026-11-30T02:00:00Z", UTC, 0),
        marked("month", "2026-11-30", true));
    assertMarked(
        november("month", "2026-11-30"),
        firstEnd("2026-12-01T02:00:00Z", UTC, 0),
        marked("month", "2026-11-30", false));
    // Lookback 3: the runs on Dec 2 and Dec 3 leave November provisional (the runs on Dec 3 and
    // Dec 4 rescore Nov 29..Dec 2 and Nov 30..Dec 3); the run on Dec 4 makes it final (the run on
    // Dec 5 rescores Dec 1..Dec 4).
    assertMarked(
        november("month", "2026-11-30"),
        firstEnd("2026-12-02T02:00:00Z", UTC, 3),
        marked("month", "2026-11-30", true));
    assertMarked(
        november("month", "2026-11-30"),
        firstEnd("2026-12-03T02:00:00Z", UTC, 3),
        marked("month", "2026-11-30", true));
    assertMarked(
        november("month", "2026-11-30"),
        firstEnd("2026-12-04T02:00:00Z", UTC, 3),
        marked("month", "2026-11-30", false));
    // Daily periods, lookback 0: the run on Nov 30 scores Nov 29, which no later run scores again:
    // final at once.
    assertMarked(
        november("day", "2026-11-29"),
        firstEnd("2026-11-30T02:00:00Z", UTC, 0),
        marked("day", "2026-11-29", false));
  }

  private static final StructType STORED =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.SCORED_AT, DataTypes.TimestampType)
          .add(Columns.PROVISIONAL, DataTypes.BooleanType);

  private static Object[] stored(String customer, String scoredAt, Boolean provisional) {
    return new Object[] {
      customer, Date.valueOf("2026-11-30"), Timestamp.from(Instant.parse(scoredAt)), provisional
    };
  }

  private String finalOnes(ZoneId zone, int lookbackDays) {
    Dataset<Row> rows =
        df(
            STORED,
            // Written by version 3: the flag decides, whatever scored_at says.
            stored("flag_final", "2026-11-30T02:00:00Z", false),
            stored("flag_provisional", "2026-12-09T02:00:00Z", true),
            // Written before version 3: scored on Dec 1 (UTC and Tokyo), and on Nov 30 20:00 UTC,
            // which is Dec 1 in Tokyo.
            stored("legacy_dec1", "2026-12-01T02:00:00Z", null),
            stored("legacy_nov30_evening", "2026-11-30T20:00:00Z", null));
    return rows.filter(Provisional.wasFinal(zone, lookbackDays))
        .select(Columns.CUSTOMER_ID)
        .orderBy(Columns.CUSTOMER_ID)
        .collectAsList()
        .toString();
  }

  @Test
  void aStoredRowWasFinalByItsFlagOrElseByTheSameRuleFromItsScoredAt() {
    // UTC, lookback 0: scored Dec 1 -> Nov 30 < Dec 1 - 0: final; scored Nov 30 -> not.
    assertThat(finalOnes(UTC, 0)).isEqualTo("[[flag_final], [legacy_dec1]]");
    // Tokyo: Nov 30 20:00 UTC is Dec 1 there: final too.
    assertThat(finalOnes(TOKYO, 0))
        .isEqualTo("[[flag_final], [legacy_dec1], [legacy_nov30_evening]]");
    // Lookback 3: scored Dec 1 -> Nov 30 < Nov 28 is false: still provisional then.
    assertThat(finalOnes(UTC, 3)).isEqualTo("[[flag_final]]");
  }
}
