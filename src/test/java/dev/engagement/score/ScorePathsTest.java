package dev.engagement.score;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.model.UserInputException;
import dev.engagement.score.run.Features;
import dev.engagement.score.run.ScoreOutputs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The paths a scoring run reads and writes, checked against each other without Spark. */
@Tag("fast")
class ScorePathsTest {
  private static final Map<String, String> PATHS =
      Map.of("events.path", "/d/events", "weights.path", "/d/w.csv", "output.path", "/o");

  private static void check(Map<String, String> extra, PathConflicts.Uses cli) {
    Map<String, String> all = new HashMap<>(PATHS);
    all.putAll(extra);
    JobSettings settings = SettingsLoader.load(List.of(), all);
    PathConflicts.Uses uses =
        ScoreOutputs.paths(settings, Features.of(settings, ScoreRules.from(settings))).plus(cli);
    PathConflicts.check(new Configuration(), uses.reads(), uses.writes());
  }

  private static void check(Map<String, String> extra) {
    check(extra, PathConflicts.Uses.NONE);
  }

  @Test
  void rejectsInsideTheEventsAreRefused() {
    // Issue 18: the rejects became the next run's events, which scored nothing.
    assertThatThrownBy(() -> check(Map.of("rejects.path", "/d/events")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "rejects.path (--rejects) = file:/d/events is the same as events.path (--events) ="
                + " file:/d/events: the job would write where it reads. Give rejects.path"
                + " (--rejects) a path of its own, outside every input and output path.");
    assertThatThrownBy(() -> check(Map.of("rejects.path", "/d/events/../events/rejects/")))
        .hasMessageStartingWith(
            "rejects.path (--rejects) = file:/d/events/rejects lies inside events.path");
  }

  @Test
  void aFeaturesInputIsNeverWritten() {
    // The customer dimension and the overrides are read: no table of the run may land on them.
    assertThatThrownBy(() -> check(Map.of("customers.path", "/c", "rejects.path", "/c")))
        .hasMessageStartingWith(
            "rejects.path (--rejects) = file:/c is the same as customers.path = file:/c: the job"
                + " would write where it reads.");
    assertThatThrownBy(() -> check(Map.of("overrides.path", "/o_ov", "breakdown.path", "/o_ov")))
        .hasMessageStartingWith(
            "breakdown.path = file:/o_ov is the same as overrides.path = file:/o_ov: the job"
                + " would write where it reads.");
  }

  @Test
  void everyCompanionTableNeedsAPathOfItsOwn() {
    assertThatThrownBy(
            () -> check(Map.of("accounts.path", "/o", "events.account_column", "account_id")))
        .hasMessageStartingWith(
            "accounts.path = file:/o is the same as output.path (--output) = file:/o: the job"
                + " would write one output into another.");
    assertThatThrownBy(
            () -> check(Map.of("accounts.path", "/o_runs", "events.account_column", "account_id")))
        .hasMessageStartingWith(
            "accounts.path = file:/o_runs is the same as audit.path (default: output.path +"
                + " _runs) = file:/o_runs");
    assertThatThrownBy(() -> check(Map.of("restatements.path", "/o")))
        .hasMessageStartingWith(
            "restatements.path (default: output.path + _restatements) = file:/o is the same as"
                + " output.path (--output) = file:/o");
    assertThatThrownBy(() -> check(Map.of("breakdown.path", "/o/breakdown")))
        .hasMessageStartingWith("breakdown.path = file:/o/breakdown lies inside output.path");
    assertThatThrownBy(() -> check(Map.of("aggregate.path", "/d")))
        .hasMessageStartingWith(
            "aggregate.path (--aggregate) = file:/d contains events.path (--events) ="
                + " file:/d/events");
    assertThatThrownBy(() -> check(Map.of("transitions.path", "/d/w.csv")))
        .hasMessageStartingWith(
            "transitions.path = file:/d/w.csv is the same as weights.path (--weights)");
    assertThatThrownBy(
            () ->
                check(Map.of("audit.path", "/d/customers/_runs", "customers.path", "/d/customers")))
        .hasMessageStartingWith(
            "audit.path (default: output.path + _runs) = file:/d/customers/_runs lies inside customers.path");
  }

  @Test
  void theCommandLinesOwnPathsCountToo() {
    PathConflicts.Uses summaryIntoTheOutput =
        new PathConflicts.Uses(
            List.of(), List.of(new PathConflicts.Use("--summary", "/o/run.json")));
    assertThatThrownBy(() -> check(Map.of(), summaryIntoTheOutput))
        .hasMessageStartingWith("--summary = file:/o/run.json lies inside output.path");
    PathConflicts.Uses configAsOutput =
        new PathConflicts.Uses(List.of(new PathConflicts.Use("--config", "/o_runs")), List.of());
    assertThatThrownBy(() -> check(Map.of(), configAsOutput))
        .hasMessageStartingWith(
            "audit.path (default: output.path + _runs) = file:/o_runs is the same as --config");
  }

  @Test
  void pathsApartPass() {
    assertThatCode(
            () ->
                check(
                    Map.of(
                        "rejects.path", "/o_rejects",
                        "aggregate.path", "/o_daily",
                        "customers.path", "/d/customers.csv",
                        "overrides.path", "/d/overrides.csv",
                        "transitions.path", "/o_transitions")))
        .doesNotThrowAnyException();
  }
}
