package dev.engagement.score.feature.restatements;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.model.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a run changed in periods that were already final (docs/restatements.md): one log row per
 * customer whose raw score, normalized score or tier changed, or whose row appeared or disappeared,
 * with the old and new values and the causes that explain it.
 */
public final class Restatements {
  /** The run that restates: its id, start, settings fingerprint and the user's reason, if any. */
  public record Run(String runId, Instant restatedAt, String configHash, Optional<String> reason) {}

  /** The values compared and logged, old and new. */
  private static final String[] VALUES = {
    Columns.RUN_ID,
    Columns.EVENT_COUNT,
    Columns.RAW_SCORE,
    Columns.NORMALIZED_SCORE,
    Columns.TIER,
    Columns.WEIGHTS_VERSION,
    Columns.JOB_VERSION
  };

  /** A row of the old and the new table: its period and customer. */
  private static final String[] KEYS = {
    Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END, Columns.CUSTOMER_ID
  };

  /** The restatement log's columns, in order. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.RESTATED_AT, DataTypes.TimestampType)
          .add(Columns.REASON, DataTypes.StringType)
          .add(Columns.CAUSES, DataTypes.createArrayType(DataTypes.StringType))
          .add(Columns.CHANGE, DataTypes.StringType)
          .add(Columns.PERIOD_KIND, DataTypes.StringType)
          .add(Columns.PERIOD_START, DataTypes.DateType)
          .add(Columns.PERIOD_END, DataTypes.DateType)
          .add(Columns.CUSTOMER_ID, DataTypes.StringType)
          .add(old(Columns.RUN_ID), DataTypes.StringType)
          .add(old(Columns.EVENT_COUNT), DataTypes.LongType)
          .add(fresh(Columns.EVENT_COUNT), DataTypes.LongType)
          .add(old(Columns.RAW_SCORE), Columns.RAW_SCORE_TYPE)
          .add(fresh(Columns.RAW_SCORE), Columns.RAW_SCORE_TYPE)
          .add(old(Columns.NORMALIZED_SCORE), Columns.NORMALIZED_SCORE_TYPE)
          .add(fresh(Columns.NORMALIZED_SCORE), Columns.NORMALIZED_SCORE_TYPE)
          .add(old(Columns.TIER), DataTypes.StringType)
          .add(fresh(Columns.TIER), DataTypes.StringType)
          .add(old(Columns.WEIGHTS_VERSION), DataTypes.StringType)
          .add(fresh(Columns.WEIGHTS_VERSION), DataTypes.StringType)
          .add(old(Columns.JOB_VERSION), DataTypes.StringType)
          .add(fresh(Columns.JOB_VERSION), DataTypes.StringType);

  private Restatements() {}

  private static String old(String name) {
    return Columns.OLD_PREFIX + name;
  }

  private static String fresh(String name) {
    return Columns.NEW_PREFIX + name;
  }

  /**
   * The log rows of {@code run}: {@code before} holds the stored rows of the run's periods that
   * were final before it ({@link Provisional#wasFinal}), {@code after} the run's rows (score table
   * columns, any periods), {@code runs} the audit table's {@code run_id} and {@code config_hash}
   * (empty when there is none). Only the periods in {@code before} are compared. A missing row
   * counts as 0 events.
   */
  public static Dataset<Row> diff(
      Dataset<Row> before, Dataset<Row> after, Dataset<Row> runs, Run run) {
    Dataset<Row> both =
        oldRows(before, runs).join(newRows(before, after), Columns.joinKeys(KEYS), "full_outer");
    // raw_score is never null in a stored row (a CHECK constraint): null means no row.
    Column wasThere = col(old(Columns.RAW_SCORE)).isNotNull();
    Column isThere = col(fresh(Columns.RAW_SCORE)).isNotNull();
    Column changed =
        not(wasThere.and(isThere))
            .or(not(same(Columns.RAW_SCORE)))
            .or(not(same(Columns.NORMALIZED_SCORE)))
            .or(not(same(Columns.TIER)));
    Column detected = causes(run);
    Dataset<Row> log =
        both.filter(changed)
            .withColumn(Columns.RUN_ID, lit(run.runId()))
            .withColumn(Columns.RESTATED_AT, lit(Timestamp.from(run.restatedAt())))
            .withColumn(Columns.REASON, lit(run.reason().orElse(null)).cast(DataTypes.StringType))
            .withColumn(
                Columns.CAUSES,
                when(size(detected).equalTo(0), array(lit("other"))).otherwise(detected))
            .withColumn(
                Columns.CHANGE,
                when(not(wasThere), lit("added"))
                    .when(not(isThere), lit("removed"))
                    .otherwise(lit("changed")))
            .select(
                Arrays.stream(SCHEMA.fields())
                    .map(f -> col(f.name()).cast(f.dataType()))
                    .toArray(Column[]::new));
    // Exactly SCHEMA, nullability included, whatever the expressions above imply.
    return log.sparkSession().createDataFrame(log.javaRDD(), SCHEMA);
  }

  /** The old side: the compared values of {@code before} and the config_hash of their runs. */
  private static Dataset<Row> oldRows(Dataset<Row> before, Dataset<Row> runs) {
    return side(before, Columns.OLD_PREFIX)
        .join(
            broadcast(
                runs.select(
                        col(Columns.RUN_ID).as(old(Columns.RUN_ID)),
                        col(Columns.CONFIG_HASH).as(old(Columns.CONFIG_HASH)))
                    .dropDuplicates(old(Columns.RUN_ID))),
            Columns.joinKeys(old(Columns.RUN_ID)),
            "left");
  }

  /** The new side: the compared values of {@code after} in the periods of {@code before}. */
  private static Dataset<Row> newRows(Dataset<Row> before, Dataset<Row> after) {
    return side(
        after.join(
            broadcast(before.select(Columns.cols(Columns.PERIOD_KEYS)).distinct()),
            Columns.joinKeys(Columns.PERIOD_KEYS),
            "left_semi"),
        Columns.NEW_PREFIX);
  }

  /** The causes of a row's change by {@code run}; empty when none applies (logged: other). */
  private static Column causes(Run run) {
    return array_compact(
        array(
            when(bothKnownAndDifferent(Columns.WEIGHTS_VERSION), lit("weights_changed")),
            when(
                not(
                    coalesce(col(old(Columns.EVENT_COUNT)), lit(0L))
                        .equalTo(coalesce(col(fresh(Columns.EVENT_COUNT)), lit(0L)))),
                lit("events_changed")),
            when(
                col(old(Columns.CONFIG_HASH)).notEqual(lit(run.configHash())),
                lit("config_changed")),
            when(bothKnownAndDifferent(Columns.JOB_VERSION), lit("job_changed")),
            // Same raw score, another normalized one: the period's min, max or ranks moved.
            when(
                col(old(Columns.RAW_SCORE))
                    .equalTo(col(fresh(Columns.RAW_SCORE)))
                    .and(not(same(Columns.NORMALIZED_SCORE))),
                lit("rescaled"))));
  }

  /** The keys and the compared values of {@code rows}, the values renamed with {@code prefix}. */
  private static Dataset<Row> side(Dataset<Row> rows, String prefix) {
    return rows.select(
        Stream.concat(
                Arrays.stream(KEYS).map(name -> col(name)),
                Arrays.stream(VALUES).map(name -> col(name).as(prefix + name)))
            .toArray(Column[]::new));
  }

  private static Column same(String name) {
    return col(old(name)).eqNullSafe(col(fresh(name)));
  }

  /** Null, so no cause, when either side is unknown (a missing row, or a column added later). */
  private static Column bothKnownAndDifferent(String name) {
    return col(old(name)).notEqual(col(fresh(name)));
  }
}
