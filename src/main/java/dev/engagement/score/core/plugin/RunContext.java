package dev.engagement.score.core.plugin;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.model.Period;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every feature of a run may use, once the run has counted: the run's session, settings, score
 * rules, periods, id and start, its score and audit tables and the labels its tables get, its
 * events, the stored scores of the output table's other periods ({@link
 * dev.engagement.score.core.scoring.History#SCHEMA}), which trend, activity and transitions compare
 * with, and the sums the scores come from.
 *
 * @param output the score table, fully qualified
 * @param audit the audit table, fully qualified: the runs the restatement log compares with
 * @param events the run's events, validated and tagged with their day and reject reason
 * @param periodSums the sums per customer, period and reject reason
 * @param typeSums the sums per customer, period, event type and reject reason (caps applied), when
 *     a feature needs them ({@link Feature#needsTypeSums()})
 */
public record RunContext(
    SparkSession spark,
    JobSettings settings,
    ScoreRules rules,
    List<Period> periods,
    String runId,
    Instant started,
    TableLocation output,
    TableLocation audit,
    Map<String, String> labels,
    Dataset<Row> events,
    Dataset<Row> storedScores,
    Dataset<Row> periodSums,
    Optional<Dataset<Row>> typeSums) {}
