package dev.engagement.score.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.JobTestBase;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input and data that must not be published, through the whole job: each fails with its message
 * and leaves the table as it was. The cases that fail before scoring share one table, scored once.
 */
class BadInputJobTest extends JobTestBase {
  /** Bad inputs that reach Spark: each fails with its message and leaves the table as it was. */
  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of(
            "events.path", "missing", null, "does not exist: check events.path (--events)."),
        Arguments.of(
            "events.customer_column", "user_id", null, "The events have no column 'user_id'"),
        Arguments.of(
            "events.time_column",
            "customer_id",
            null,
            "Events column 'customer_id' (used as event_ts) has type STRING; expected [TIMESTAMP,"),
        Arguments.of("weights.path", "missing.csv", null, "does not exist: check weights.path"),
        Arguments.of("caps.logins", "10", null, "event type 'logins' has no weight in"),
        Arguments.of(
            "breakdown.path", "notes.txt", "hello", "exists but is not a Delta table; refusing"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "",
            "it is empty. A CSV table starts with a header line naming its columns"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "event_type,weight\nlogin,1,5\n",
            "line 2 has 3 fields but the header has 2: login,1,5."),
        Arguments.of(
            "weights.path", "w.csv", "event_type,weight\n", "it has a header but no weights"),
        Arguments.of(
            "weights.path", "w.csv", "type,weight\nlogin,1\n", "column 'event_type' is missing"),
        Arguments.of(
            "weights.path", "w.csv", "event_type,weight\nlogin,x\n", "'x' is not a number"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "event_type,weight\nlogin,1\nlogin,2\n",
            "Duplicate event type 'login'"),
        Arguments.of(
            "weights.path",
            "w.csv",
            "event_type,weight\nlogin,0.1234567\n",
            "does not fit DECIMAL(18,6)"),
        Arguments.of(
            "overrides.path",
            "o.csv",
            "customer_id,period_from,period_to,score,tier,reason,author,expires_on\n"
                + "c145,2026-10-01,2026-10-31,,gold,why,me,\n",
            "row 1: tier 'gold' is not one of the tiers"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badInputs")
  void badInputFailsWithAMessageAndLeavesTheTableAsItWas(
      String key, String value, String content, String message) throws IOException {
    sharedOctober();
    Map<String, Long> before = files();
    String path = value;
    if (key.endsWith(".path")) {
      path = dir.resolve(value).toString();
      if (content != null) {
        Files.writeString(Path.of(path), content);
      }
    }
    JobSettings bad = settings(Map.of(key, path));
    assertThatThrownBy(() -> ScoreJob.run(spark(), bad, octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(message);
    assertThat(files()).as("output files").isEqualTo(before);
  }

  @Test
  void aPeriodWithoutEventsFailsAndWritesNothing() {
    sharedOctober();
    long version =
        spark().sql("DESCRIBE HISTORY delta.`" + output + "` LIMIT 1").first().getLong(0);
    assertThatThrownBy(() -> score("2025-01-15"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining(
            "No events in " + events + " for 2025-01-01..2025-01-31 (UTC); nothing was written.");
    assertThat(spark().sql("DESCRIBE HISTORY delta.`" + output + "` LIMIT 1").first().getLong(0))
        .isEqualTo(version);
  }

  @Test
  void tooManyRejectsFailTheRunAndPublishNothing() throws IOException {
    sharedOctober();
    Map<String, Long> before = files();
    JobSettings strict = settings(Map.of("max_reject_ratio", "0.01"));
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(), strict, List.of(strict.calendar().containing(OCT_1.toLocalDate()))))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("4 of 93 events were rejected {missing_event_time=1,")
        .hasMessageContaining("more than max_reject_ratio = 0.01 allows; nothing was published.")
        // The largest kind of bad data, with the types to add: no second run with --rejects.
        .hasMessageContaining(
            "Most are unknown_event_type (2). The weight table (weights.path = "
                + weights
                + ") has no weight for their types, most frequent 'legacy_click' (2): add them");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void onEmptyDecidesWhatAPeriodWithoutEventsDoes() throws IOException {
    score("2026-10-15");
    Map<String, Long> before = files();
    String empty = Files.createDirectories(dir.resolve("no_events")).toString();
    long runs = spark().read().format("delta").load(output + "_runs").count();

    assertThatThrownBy(
            () -> ScoreJob.run(spark(), settings(Map.of("events.path", empty)), octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("No events in " + empty);
    assertThat(files()).isEqualTo(before);
    // Known before anything runs (no data file to read): like a missing path, not even the start
    // is recorded in the audit table.
    assertThat(spark().read().format("delta").load(output + "_runs").count()).isEqualTo(runs);

    RunSummary skipped =
        ScoreJob.run(
            spark(), settings(Map.of("events.path", empty, "on_empty", "skip")), octoberOnly());
    assertThat(skipped.status()).isEqualTo("skipped");
    assertThat(skipped.outputVersion()).isEqualTo(1);
    assertThat(files()).isEqualTo(before);

    // Emptying a published period is what max_row_drop guards against: it takes max_row_drop = 1.
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    spark(),
                    settings(Map.of("events.path", empty, "on_empty", "write_empty")),
                    octoberOnly()))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "The period 2026-10-01..2026-10-31 would publish 0 scored events where the table has"
                + " 89 (-100.0%), more than max_row_drop = 0.5 allows; nothing was published."
                + " Check events.path and the upstream data (an outage, a partial load, a misread"
                + " source?); if the drop is real, rerun with --set max_row_drop=1.");
    assertThat(files()).isEqualTo(before);
    RunSummary emptied =
        ScoreJob.run(
            spark(),
            settings(Map.of("events.path", empty, "on_empty", "write_empty", "max_row_drop", "1")),
            octoberOnly());
    assertThat(emptied.status()).isEqualTo("ok");
    assertThat(emptied.outputVersion()).isEqualTo(2);
    assertThat(table().count()).isZero();
  }
}
