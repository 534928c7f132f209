package dev.engagement.score.maintain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.score.cli.CommandLine;
import dev.engagement.score.cli.Launcher;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.RunSession;
import dev.engagement.score.core.table.SummaryFile;
import dev.engagement.score.run.Features;
import dev.engagement.score.run.ScoreOutputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code maintain} command (docs/maintenance.md): OPTIMIZE, then VACUUM, for every table a
 * scoring run with the same settings writes: the score table, the audit table and each companion
 * turned on. Every table is checked first (a Delta table or nothing yet; its own retention), so bad
 * settings change nothing; each OPTIMIZE and VACUUM is then a commit of its own, tagged with the
 * command's run id.
 */
public final class MaintainCommand {
  /** Delta refuses a VACUUM retention below a table's own unless this is off. */
  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

  /**
   * How many tasks VACUUM lists a table's directories with: Spark's default is 10,000, which for
   * the job's tables (a directory per period) took 20-35 s per table in tasks that list nothing.
   */
  static final String LISTING_TASKS = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MaintainCommand() {}

  /** The command: settings loaded and checked without Spark; what it does once a session exists. */
  public static Launcher.Prepared command(CommandLine cli) {
    JobSettings settings = SettingsLoader.load(cli.configFiles(), cli.overrides());
    if (cli.printConfig()) {
      return new Launcher.Done(settings.effectiveConfig().stripTrailing());
    }
    Retention retention = Retention.from(settings.block("maintain"));
    List<PathConflicts.Written> tables = tables(settings);
    return spark -> {
      String summary = run(spark, tables, retention);
      cli.summaryPath().ifPresent(path -> SummaryFile.write(spark, path, summary));
      return summary;
    };
  }

  /** The tables a scoring run with {@code settings} writes, named by their settings. */
  public static List<PathConflicts.Written> tables(JobSettings settings) {
    return ScoreOutputs.paths(settings, Features.of(settings, ScoreRules.from(settings))).tables();
  }

  /** Maintains {@code tables}; returns the one-line JSON summary. */
  public static String run(
      SparkSession spark, List<PathConflicts.Written> tables, Retention retention) {
    String runId = UUID.randomUUID().toString();
    SparkSession session = RunSession.tagged(spark, runId);
    session.conf().set(TableMaintenance.VACUUM_LOGGING, "true");
    if (!spark.conf().contains(LISTING_TASKS)) {
      // One task per core of the session: a --conf of the user's wins.
      session.conf().set(LISTING_TASKS, String.valueOf(spark.sparkContext().defaultParallelism()));
    }
    if (retention.force()) {
      session.conf().set(RETENTION_CHECK, "false");
    }
    List<TableMaintenance.Table> checked =
        tables.stream().map(use -> TableMaintenance.Table.of(session, use)).toList();
    checked.forEach(t -> retention.allows(t.use().setting(), t.table().toString(), t.retention()));
    List<TableMaintenance.Result> results =
        checked.stream()
            .map(
                t ->
                    t.exists()
                        ? TableMaintenance.maintain(session, t, retention.hours())
                        : t.absent())
            .toList();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", "maintain");
    summary.put("run_id", runId);
    summary.put("status", "ok");
    summary.put("retention_hours", retention.hours());
    summary.put("tables", results);
    try {
      return JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
