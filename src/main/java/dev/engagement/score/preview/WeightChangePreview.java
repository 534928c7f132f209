package dev.engagement.score.preview;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.try_subtract;

import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Compares what a period scores with the current weights and with proposed ones (two outputs of
 * {@link ScoringPipeline#score}): how many customers move from each tier to each other (the
 * migration matrix), and the customers whose raw score changes most. A customer scored on one side
 * only (all its events of types weighted in one table only) has a null tier on the other side, and
 * counts as 0 there for its change. See docs/weight-preview.md.
 */
public final class WeightChangePreview {
  public static final String CURRENT_TIER = "current_tier";
  public static final String PROPOSED_TIER = "proposed_tier";
  public static final String CURRENT_RAW_SCORE = "current_raw_score";
  public static final String PROPOSED_RAW_SCORE = "proposed_raw_score";
  public static final String CURRENT_NORMALIZED_SCORE = "current_normalized_score";
  public static final String PROPOSED_NORMALIZED_SCORE = "proposed_normalized_score";

  /** Customers in one cell of the migration matrix. */
  public static final String CUSTOMERS = "customers";

  /** A mover's place in its period, 1 for the largest absolute raw-score change. */
  public static final String RANK = "rank";

  /** The report row's kind: {@link #MIGRATION} or {@link #MOVER}. */
  public static final String SECTION = "section";

  public static final String MIGRATION = "migration";
  public static final String MOVER = "mover";
  public static final String CURRENT_WEIGHTS_HASH = "current_weights_hash";
  public static final String PROPOSED_WEIGHTS_HASH = "proposed_weights_hash";

  /**
   * One row per period, current tier and proposed tier that some customer has. The keys come out of
   * a full outer join, which Spark marks nullable (they are never null).
   */
  public static final StructType MIGRATION_SCHEMA =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, true)
          .add(Columns.PERIOD_START, DataTypes.DateType, true)
          .add(Columns.PERIOD_END, DataTypes.DateType, true)
          .add(CURRENT_TIER, DataTypes.StringType, true)
          .add(PROPOSED_TIER, DataTypes.StringType, true)
          .add(CUSTOMERS, DataTypes.LongType, false);

  /** The customers who move most, per period. */
  public static final StructType MOVERS_SCHEMA =
      new StructType()
          .add(Columns.PERIOD_KIND, DataTypes.StringType, true)
          .add(Columns.PERIOD_START, DataTypes.DateType, true)
          .add(Columns.PERIOD_END, DataTypes.DateType, true)
          .add(RANK, DataTypes.IntegerType, false)
          .add(Columns.CUSTOMER_ID, DataTypes.StringType, true)
          .add(CURRENT_RAW_SCORE, Columns.RAW_SCORE_TYPE, true)
          .add(PROPOSED_RAW_SCORE, Columns.RAW_SCORE_TYPE, true)
          .add(Columns.RAW_SCORE_CHANGE, Columns.RAW_SCORE_TYPE, true)
          .add(CURRENT_NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE, true)
          .add(PROPOSED_NORMALIZED_SCORE, Columns.NORMALIZED_SCORE_TYPE, true)
          .add(CURRENT_TIER, DataTypes.StringType, true)
          .add(PROPOSED_TIER, DataTypes.StringType, true);

  /** The report table: the migration matrix and the movers, in long format. */
  public static final StructType REPORT_SCHEMA =
      new StructType()
          .add(
              Columns.PERIOD_KIND,
              DataTypes.StringType,
              true,
              "day, week, month, quarter or rolling_<N>d")
          .add(Columns.PERIOD_START, DataTypes.DateType, true, "First day of the period")
          .add(Columns.PERIOD_END, DataTypes.DateType, true, "Last day of the period")
          .add(
              SECTION,
              DataTypes.StringType,
              true,
              "migration: a cell of the tier-migration matrix; mover: one of the top movers")
          .add(
              CURRENT_TIER,
              DataTypes.StringType,
              true,
              "Tier with the current weights; null: not scored with them")
          .add(
              PROPOSED_TIER,
              DataTypes.StringType,
              true,
              "Tier with the proposed weights; null: not scored with them")
          .add(
              CUSTOMERS,
              DataTypes.LongType,
              true,
              "migration rows: customers moving from current_tier to proposed_tier")
          .add(RANK, DataTypes.IntegerType, true, "mover rows: 1 for the largest |change|")
          .add(Columns.CUSTOMER_ID, DataTypes.StringType, true, "mover rows: the customer")
          .add(CURRENT_RAW_SCORE, Columns.RAW_SCORE_TYPE, true, "mover rows: raw score, current")
          .add(PROPOSED_RAW_SCORE, Columns.RAW_SCORE_TYPE, true, "mover rows: raw score, proposed")
          .add(
              Columns.RAW_SCORE_CHANGE,
              Columns.RAW_SCORE_TYPE,
              true,
              "mover rows: proposed - current raw score, a missing side counting as 0")
          .add(
              CURRENT_NORMALIZED_SCORE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "mover rows: normalized score, current (null when normalize = none)")
          .add(
              PROPOSED_NORMALIZED_SCORE,
              Columns.NORMALIZED_SCORE_TYPE,
              true,
              "mover rows: normalized score, proposed (null when normalize = none)")
          .add(
              CURRENT_WEIGHTS_HASH,
              DataTypes.StringType,
              true,
              "SHA-256 of the current weight table (weights.path)")
          .add(
              PROPOSED_WEIGHTS_HASH,
              DataTypes.StringType,
              true,
              "SHA-256 of the proposed weight table (--proposed-weights)")
          .add(
              Columns.SCORED_AT,
              DataTypes.TimestampType,
              true,
              "When the preview started (UTC instant)")
          .add(Columns.RUN_ID, DataTypes.StringType, true, "The preview that wrote the row");

  private static final String[] CUSTOMER_PERIOD = {
    Columns.CUSTOMER_ID, Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END
  };

  private WeightChangePreview() {}

  /**
   * Each customer and period scored on either side, with both sides' scores and tiers and the
   * raw-score change.
   *
   * @param current scores with the current weights ({@link ScoringPipeline#score})
   * @param proposed scores of the same periods with the proposed weights
   */
  public static Dataset<Row> compare(Dataset<Row> current, Dataset<Row> proposed) {
    Column zero = lit(BigDecimal.ZERO).cast(Columns.RAW_SCORE_TYPE);
    return side(current, CURRENT_RAW_SCORE, CURRENT_NORMALIZED_SCORE, CURRENT_TIER)
        .join(
            side(proposed, PROPOSED_RAW_SCORE, PROPOSED_NORMALIZED_SCORE, PROPOSED_TIER),
            Columns.joinKeys(CUSTOMER_PERIOD),
            "full_outer")
        .withColumn(
            Columns.RAW_SCORE_CHANGE,
            try_subtract(
                    coalesce(col(PROPOSED_RAW_SCORE), zero), coalesce(col(CURRENT_RAW_SCORE), zero))
                .cast(Columns.RAW_SCORE_TYPE));
  }

  private static Dataset<Row> side(
      Dataset<Row> scores, String raw, String normalized, String tier) {
    return scores.select(
        col(Columns.CUSTOMER_ID),
        col(Columns.PERIOD_KIND),
        col(Columns.PERIOD_START),
        col(Columns.PERIOD_END),
        col(Columns.RAW_SCORE).as(raw),
        col(Columns.NORMALIZED_SCORE).as(normalized),
        col(Columns.TIER).as(tier));
  }

  /** The migration matrix of {@link #compare}'s rows ({@link #MIGRATION_SCHEMA}). */
  public static Dataset<Row> migration(Dataset<Row> compared) {
    return compared
        .groupBy(
            col(Columns.PERIOD_KIND),
            col(Columns.PERIOD_START),
            col(Columns.PERIOD_END),
            col(CURRENT_TIER),
            col(PROPOSED_TIER))
        .agg(count(lit(1)).as(CUSTOMERS));
  }

  /**
   * The {@code top} customers of each period whose raw score or tier changes, largest absolute
   * raw-score change first (ties: customer id), as {@link #MOVERS_SCHEMA}.
   */
  public static Dataset<Row> movers(Dataset<Row> compared, int top) {
    Column moved =
        col(Columns.RAW_SCORE_CHANGE)
            .notEqual(lit(BigDecimal.ZERO))
            .or(not(col(CURRENT_TIER).eqNullSafe(col(PROPOSED_TIER))));
    Column rank =
        row_number()
            .over(
                Window.partitionBy(Columns.cols(Columns.PERIOD_KEYS))
                    .orderBy(abs(col(Columns.RAW_SCORE_CHANGE)).desc(), col(Columns.CUSTOMER_ID)));
    return compared
        .filter(moved)
        .withColumn(RANK, rank)
        .filter(col(RANK).leq(top))
        .select(Columns.cols(MOVERS_SCHEMA.fieldNames()));
  }

  /**
   * The report table's rows ({@link #REPORT_SCHEMA}): the {@link #migration} and {@link #movers}
   * rows together, each with its section, the two weight tables' hashes and the preview's run.
   */
  public static Dataset<Row> report(
      Dataset<Row> migration,
      Dataset<Row> movers,
      String currentWeightsHash,
      String proposedWeightsHash,
      Instant scoredAt,
      String runId) {
    return shape(migration.withColumn(SECTION, lit(MIGRATION)))
        .unionByName(shape(movers.withColumn(SECTION, lit(MOVER))))
        .withColumn(CURRENT_WEIGHTS_HASH, lit(currentWeightsHash))
        .withColumn(PROPOSED_WEIGHTS_HASH, lit(proposedWeightsHash))
        .withColumn(Columns.SCORED_AT, lit(Timestamp.from(scoredAt)))
        .withColumn(Columns.RUN_ID, lit(runId))
        .select(
            Arrays.stream(REPORT_SCHEMA.fields())
                .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
                .toArray(Column[]::new));
  }

  /** {@code rows} with every column of the report that they lack, as nulls. */
  private static Dataset<Row> shape(Dataset<Row> rows) {
    Dataset<Row> all = rows;
    for (String name : REPORT_SCHEMA.fieldNames()) {
      if (!Arrays.asList(rows.columns()).contains(name)) {
        all = all.withColumn(name, lit(null).cast(REPORT_SCHEMA.apply(name).dataType()));
      }
    }
    return all;
  }
}
