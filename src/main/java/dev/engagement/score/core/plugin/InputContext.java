package dev.engagement.score.core.plugin;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.model.Period;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What a feature reads its own inputs with, before any event is read: the session, the settings,
 * the score's rules, the periods and when the run (or preview) started, which gives its business
 * date.
 */
public record InputContext(
    SparkSession spark,
    JobSettings settings,
    ScoreRules rules,
    List<Period> periods,
    Instant started) {}
