package dev.engagement.score.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.ScoreJob;
import dev.engagement.score.SparkTestBase;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintain command on the example's tables, October scored twice (as a daily schedule rescores
 * the current month): the score table holds the replaced October file, the audit table one small
 * file per row, the rejects table one file per run.
 */
@Tag("job")
class MaintainCommandTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private JobSettings settings;

  /** The settings, October scored twice with them on the first call (the session exists then). */
  private JobSettings settings() {
    if (settings != null) {
      return settings;
    }
    Map<String, String> overrides = new HashMap<>();
    overrides.put("output.path", dir.resolve("scores").toString());
    overrides.put("rejects.path", dir.resolve("rejects").toString());
    overrides.put("events.max_days_ahead", "3650"); // the example data runs to 2026-11-30
    settings = SettingsLoader.load(List.of("conf/example.conf"), overrides);
    List<Period> october = List.of(settings.calendar().containing(LocalDate.parse("2026-10-31")));
    ScoreJob.run(spark(), settings, october);
    ScoreJob.run(spark(), settings, october);
    return settings;
  }

  private Dataset<Row> rows(String table) {
    return spark().read().format("delta").load(dir.resolve(table).toString());
  }

  private long files(String table) {
    return spark()
        .sql("DESCRIBE DETAIL delta.`" + dir.resolve(table) + "`")
        .first()
        .<Long>getAs("numFiles");
  }

  @Test
  void compactsAndVacuumsEveryTableARunWritesAndKeepsTheirRows() throws Exception {
    List<PathConflicts.Written> tables = new ArrayList<>(MaintainCommand.tables(settings()));
    List<Row> scores = rows("scores").collectAsList();
    List<Row> audit = rows("scores_runs").collectAsList();
    List<Row> rejects = rows("rejects").collectAsList();
    long rejectFiles = files("rejects");
    assertThat(tables)
        .extracting(PathConflicts.Written::setting)
        .containsExactly(
            "output.path (--output)",
            "audit.path (default: output.path + _runs)",
            "rejects.path (--rejects)",
            "restatements.path (default: output.path + _restatements)");
    Path never = dir.resolve("breakdown");
    tables.add(new PathConflicts.Written("breakdown.path", TableLocation.path(never.toString())));

    JsonNode summary = JSON.readTree(MaintainCommand.run(spark(), tables, new Retention(0, true)));

    assertThat(summary.get("status").asText()).isEqualTo("ok");
    assertThat(summary.get("retention_hours").asInt()).isZero();
    Map<String, String> done = new HashMap<>();
    summary
        .get("tables")
        .forEach(
            t ->
                done.put(
                    t.get("setting").asText().split(" ")[0],
                    t.get("status").asText()
                        + " compacted "
                        + t.get("files_compacted").asLong()
                        + " into "
                        + t.get("files_written").asLong()
                        + ", vacuumed "
                        + t.get("files_vacuumed").asLong()));
    assertThat(done)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                // One file per period: nothing to compact; the first run's October file is gone.
                "output.path",
                "maintained compacted 0 into 0, vacuumed 1",
                // A started and a final row per run, a file each: four files into one.
                "audit.path",
                "maintained compacted 4 into 1, vacuumed 4",
                // One partition per run: its files into one.
                "rejects.path",
                "maintained compacted " + rejectFiles + " into 2, vacuumed " + rejectFiles,
                // October was rescored with the same scores: no restatement was logged.
                "restatements.path",
                "absent compacted 0 into 0, vacuumed 0",
                "breakdown.path",
                "absent compacted 0 into 0, vacuumed 0"));
    assertThat(never).doesNotExist();
    assertThat(rows("scores").collectAsList()).containsExactlyInAnyOrderElementsOf(scores);
    assertThat(rows("scores_runs").collectAsList()).containsExactlyInAnyOrderElementsOf(audit);
    assertThat(rows("rejects").collectAsList()).containsExactlyInAnyOrderElementsOf(rejects);
    assertThat(
            spark()
                .sql("DESCRIBE HISTORY delta.`" + dir.resolve("scores") + "`")
                .selectExpr("userMetadata")
                .first()
                .getString(0))
        .isEqualTo(summary.get("run_id").asText());
  }

  @Test
  void theCommandRunsInTheSessionThatIsThereAndLeavesItRunning() throws Exception {
    // As on a Databricks cluster or in a notebook: the session exists before the command.
    String[] args = {
      "maintain", "--config", "conf/example.conf", "--output", dir.resolve("none").toString()
    };
    Launcher.Outcome outcome = Launcher.outcome(args, ScoreJob.COMMANDS);
    assertThat(outcome.exitCode()).as(outcome.output()).isZero();
    assertThat(JSON.readTree(outcome.output()).get("tables").get(0).get("status").asText())
        .isEqualTo("absent");
    assertThat(spark().range(3).count()).isEqualTo(3);
  }

  @Test
  void aTableThatKeepsFilesLongerIsRefusedBeforeAnyTableIsTouched() throws Exception {
    Path first = dir.resolve("first");
    Path longer = dir.resolve("longer");
    spark().range(3).write().format("delta").save(first.toString());
    spark().range(3).write().format("delta").save(longer.toString());
    spark()
        .sql(
            "ALTER TABLE delta.`"
                + longer
                + "` SET TBLPROPERTIES (delta.deletedFileRetentionDuration = 'interval 30 days')");
    List<PathConflicts.Written> tables =
        List.of(
            new PathConflicts.Written("output.path", TableLocation.path(first.toString())),
            new PathConflicts.Written("audit.path", TableLocation.path(longer.toString())));

    assertThatThrownBy(() -> MaintainCommand.run(spark(), tables, new Retention(168, false)))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("The audit.path table file:" + longer.toRealPath())
        .hasMessageContaining("raise it to at least 720");
    assertThat(Files.list(first.resolve("_delta_log")).filter(p -> p.toString().endsWith(".json")))
        .hasSize(1);
    assertThat(MaintainCommand.run(spark(), tables, new Retention(168, true))).contains("\"ok\"");
  }
}
