package dev.engagement.score;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.io.AccountTable;
import dev.engagement.score.io.AppendTable;
import dev.engagement.score.io.BreakdownTable;
import dev.engagement.score.io.CatalogTable;
import dev.engagement.score.io.DailyAggregate;
import dev.engagement.score.io.RejectTable;
import dev.engagement.score.io.RunLog;
import dev.engagement.score.io.ScoreTable;
import dev.engagement.score.io.TransitionsTable;
import dev.engagement.score.transform.Restatements;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Every table a scoring run writes, fully qualified and checked before any input is read: each is
 * new or a table of this job (never someone else's files or table), and the catalog name, when set,
 * is free or already this table.
 *
 * @param audit the audit table: {@code audit.path}, or the output's path + {@code _runs}
 * @param restatements the restatement log: {@code restatements.path}, or the output's path + {@code
 *     _restatements}
 */
record ScoreOutputs(
    String output,
    String audit,
    Optional<String> rejects,
    Optional<String> aggregate,
    Optional<String> accounts,
    Optional<String> breakdown,
    Optional<String> transitions,
    String restatements) {

  static ScoreOutputs check(SparkSession spark, JobSettings settings) {
    String output = ScoreTable.check(spark, settings.outputPath());
    settings.catalogTable().ifPresent(name -> CatalogTable.check(spark, name, output));
    return new ScoreOutputs(
        output,
        AppendTable.check(
            spark,
            settings.auditPath().orElse(output + "_runs"),
            RunLog.SCHEMA,
            "audit",
            ConfigKeys.AUDIT_PATH,
            "audit table"),
        settings
            .rejectsPath()
            .map(
                path ->
                    AppendTable.check(
                        spark,
                        path,
                        RejectTable.SCHEMA,
                        "rejects",
                        ConfigKeys.REJECTS_PATH + " (--rejects)",
                        "rejects table")),
        settings.aggregate().map(a -> DailyAggregate.check(spark, a.path())),
        settings.accounts().map(a -> ScoreTable.check(spark, a.path(), AccountTable.LAYOUT)),
        settings.breakdownPath().map(path -> ScoreTable.check(spark, path, BreakdownTable.LAYOUT)),
        settings.transitions().map(t -> ScoreTable.check(spark, t.path(), TransitionsTable.LAYOUT)),
        AppendTable.check(
            spark,
            settings.restatementsPath().orElse(output + "_restatements"),
            Restatements.SCHEMA,
            "restatements",
            ConfigKeys.RESTATEMENTS_PATH,
            "restatement log"));
  }
}
