package dev.engagement.score.core.plugin;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.Period;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every feature of a run may use: the run's session, settings, periods, id and start, the
 * labels its tables get, and the stored scores of the output table's other periods ({@link
 * dev.engagement.score.core.scoring.History#SCHEMA}), which trend, activity and transitions compare
 * with.
 */
public record RunContext(
    SparkSession spark,
    JobSettings settings,
    List<Period> periods,
    String runId,
    Instant started,
    Map<String, String> labels,
    Dataset<Row> storedScores) {}
