package dev.engagement.score.feature.restatements;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RestatementsTest extends SparkTestBase {
  /** The score table's columns that the log compares. */
  private static final StructType STORED =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.EVENT_COUNT, DataTypes.LongType)
          .add(Columns.RAW_SCORE, Columns.RAW_SCORE_TYPE)
          .add(Columns.NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE)
          .add(Columns.TIER, DataTypes.StringType)
          .add(Columns.JOB_VERSION, DataTypes.StringType)
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.WEIGHTS_VERSION, DataTypes.StringType);

  private static final StructType RUNS =
      new StructType()
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.CONFIG_HASH, DataTypes.StringType);

  private static final Instant RESTATED_AT = Instant.parse("2026-12-05T06:00:00Z");
  private static final Restatements.Run RUN =
      new Restatements.Run("r2", RESTATED_AT, "h1", Optional.of("weights review"));

  private static final String[] AUG = {"2026-08-01", "2026-08-31"};
  private static final String[] SEP = {"2026-09-01", "2026-09-30"};
  private static final String[] OCT = {"2026-10-01", "2026-10-31"};
  private static final String[] NOV = {"2026-11-01", "2026-11-30"};

  private static BigDecimal raw(String value) {
    return new BigDecimal(value).setScale(6);
  }

  private static BigDecimal norm(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static Object[] row(
      String customer,
      String[] month,
      long events,
      String raw,
      String normalized,
      String tier,
      String job,
      String run,
      String weights) {
    return new Object[] {
      customer,
      "month",
      Date.valueOf(month[0]),
      Date.valueOf(month[1]),
      events,
      raw(raw),
      norm(normalized),
      tier,
      job,
      run,
      weights
    };
  }

  private static Object[] logged(
      List<String> causes,
      String change,
      String[] month,
      String customer,
      String oldRun,
      Long oldEvents,
      Long newEvents,
      String oldRaw,
      String newRaw,
      String oldNorm,
      String newNorm,
      String oldTier,
      String newTier,
      String oldWeights,
      String newWeights,
      String oldJob,
      String newJob) {
    return new Object[] {
      "r2",
      Timestamp.from(RESTATED_AT),
      "weights review",
      causes,
      change,
      "month",
      Date.valueOf(month[0]),
      Date.valueOf(month[1]),
      customer,
      oldRun,
      oldEvents,
      newEvents,
      oldRaw == null ? null : raw(oldRaw),
      newRaw == null ? null : raw(newRaw),
      norm(oldNorm),
      norm(newNorm),
      oldTier,
      newTier,
      oldWeights,
      newWeights,
      oldJob,
      newJob
    };
  }

  @Test
  void changedAddedAndRemovedRowsOfFinalPeriodsAreLoggedWithTheirCauses() {
    Dataset<Row> before =
        df(
            STORED,
            // August, run r9 (no audit row): x's tier rules changed, nothing else did.
            row("x", AUG, 7, "7", "100.00", "low", "1.0", "r9", "w1"),
            // September, run r0 of job 0.9 with config h0.
            row("a", SEP, 2, "2", "100.00", "low", "0.9", "r0", "w1"),
            row("b", SEP, 1, "1", "0.00", "low", "0.9", "r0", "w1"),
            row("e", SEP, 1, "1.5", "50.00", "low", "0.9", "r0", "w1"),
            // October, run r1 (no audit row), weights w1.
            row("c", OCT, 5, "5", "100.00", "high", "1.0", "r1", "w1"),
            row("d", OCT, 5, "1", "0.00", "low", "1.0", "r1", "w1"),
            row("g", OCT, 5, "3", "50.00", "low", "1.0", "r1", "w1"));
    Dataset<Row> after =
        df(
            STORED,
            row("x", AUG, 7, "7", "100.00", "mid", "1.0", "r2", "w1"),
            // September: a late event for a, e's events gone, f's arrived. min 1, max 4:
            // a (3 - 1) / 3 x 100 = 66.666.. -> 66.67.
            row("a", SEP, 3, "3", "66.67", "low", "1.0", "r2", "w1"),
            row("b", SEP, 1, "1", "0.00", "low", "1.0", "r2", "w1"),
            row("f", SEP, 4, "4", "100.00", "low", "1.0", "r2", "w1"),
            // October, new weights w2: c 5 -> 9, d stays 1, g stays 3 but min 1, max 9:
            // (3 - 1) / 8 x 100 = 25.00.
            row("c", OCT, 5, "9", "100.00", "high", "1.0", "r2", "w2"),
            row("d", OCT, 5, "1", "0.00", "low", "1.0", "r2", "w2"),
            row("g", OCT, 5, "3", "25.00", "low", "1.0", "r2", "w2"),
            // November was provisional: not in `before`, never compared.
            row("h", NOV, 1, "1", "100.00", "low", "1.0", "r2", "w2"));
    Dataset<Row> runs = df(RUNS, new Object[] {"r0", "h0"}, new Object[] {"r2", "h1"});

    Dataset<Row> log = Restatements.diff(before, after, runs, RUN);

    // b and d kept their raw score, normalized score and tier (d's weights version changed, but
    // not its values): not logged. Config: h0 (r0) vs h1; unknown for r1 and r9.
    assertDataFrameNoOrderEquals(
        df(
            Restatements.SCHEMA,
            logged(
                List.of("other"),
                "changed",
                AUG,
                "x",
                "r9",
                7L,
                7L,
                "7",
                "7",
                "100.00",
                "100.00",
                "low",
                "mid",
                "w1",
                "w1",
                "1.0",
                "1.0"),
            logged(
                List.of("events_changed", "config_changed", "job_changed"),
                "changed",
                SEP,
                "a",
                "r0",
                2L,
                3L,
                "2",
                "3",
                "100.00",
                "66.67",
                "low",
                "low",
                "w1",
                "w1",
                "0.9",
                "1.0"),
            // A missing row counts as 0 events; what it lacks is unknown, not a cause.
            logged(
                List.of("events_changed", "config_changed"),
                "removed",
                SEP,
                "e",
                "r0",
                1L,
                null,
                "1.5",
                null,
                "50.00",
                null,
                "low",
                null,
                "w1",
                null,
                "0.9",
                null),
            logged(
                List.of("events_changed"),
                "added",
                SEP,
                "f",
                null,
                null,
                4L,
                null,
                "4",
                null,
                "100.00",
                null,
                "low",
                null,
                "w1",
                null,
                "1.0"),
            logged(
                List.of("weights_changed"),
                "changed",
                OCT,
                "c",
                "r1",
                5L,
                5L,
                "5",
                "9",
                "100.00",
                "100.00",
                "high",
                "high",
                "w1",
                "w2",
                "1.0",
                "1.0"),
            logged(
                List.of("weights_changed", "rescaled"),
                "changed",
                OCT,
                "g",
                "r1",
                5L,
                5L,
                "3",
                "3",
                "50.00",
                "25.00",
                "low",
                "low",
                "w1",
                "w2",
                "1.0",
                "1.0")),
        log);
  }

  @Test
  void withoutFinalRowsBeforeNothingIsLogged() {
    Dataset<Row> after = df(STORED, row("h", NOV, 1, "1", "100.00", "low", "1.0", "r2", "w2"));
    Dataset<Row> log =
        Restatements.diff(
            df(STORED),
            after,
            df(RUNS),
            new Restatements.Run("r2", RESTATED_AT, "h1", Optional.empty()));
    assertThat(log.count()).isZero();
    assertThat(log.schema()).isEqualTo(Restatements.SCHEMA);
  }
}
