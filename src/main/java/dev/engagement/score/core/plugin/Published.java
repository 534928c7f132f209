package dev.engagement.score.core.plugin;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the score table's commit published, for the features' companion tables.
 *
 * @param scored the rows written to the score table
 * @param version the score table's version the commit made
 */
public record Published(RunContext run, Dataset<Row> scored, long version) {}
