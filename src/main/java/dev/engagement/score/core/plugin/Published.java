package dev.engagement.score.core.plugin;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the score table's commit published, for the features' companion tables.
 *
 * @param scored the rows written to the score table
 * @param scoreVersion the score table's version this run committed
 * @param periodSums the sums per customer, period and reject reason the scores come from
 * @param typeSums the sums per customer, period, event type and reject reason (caps applied), when
 *     a feature needs them ({@link Feature#needsTypeSums()})
 * @param events the run's events, validated and tagged with their day and reject reason
 */
public record Published(
    RunContext run,
    Dataset<Row> scored,
    long scoreVersion,
    Dataset<Row> periodSums,
    Optional<Dataset<Row>> typeSums,
    Dataset<Row> events) {}
