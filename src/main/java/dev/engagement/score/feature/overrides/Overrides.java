package dev.engagement.score.feature.overrides;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.scoring.TierAssigner;
import dev.engagement.score.model.Columns;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies manual overrides, the last step before the output: an override of a customer covers the
 * periods whose last day falls in its {@code period_from..period_to}. A forced score replaces the
 * score the tiers apply to, and the tier follows from it by the tier rules unless a tier is forced
 * too; every other column keeps its computed value. Overridden rows get {@code overridden = true}
 * and the {@code override_reason}; the others {@code false} and null.
 */
public final class Overrides {
  public static final String PERIOD_FROM = "period_from";
  public static final String PERIOD_TO = "period_to";
  public static final String SCORE = "override_score";
  public static final String TIER = "override_tier";

  /** The overrides in force, at most one per customer and period (checked when read). */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.CUSTOMER_ID, DataTypes.StringType, false)
          .add(PERIOD_FROM, DataTypes.DateType, false)
          .add(PERIOD_TO, DataTypes.DateType, false)
          .add(SCORE, Columns.RAW_SCORE_TYPE, true)
          .add(TIER, DataTypes.StringType, true)
          .add(Columns.OVERRIDE_REASON, DataTypes.StringType, false);

  private static final String OVERRIDE_CUSTOMER = "override_customer_id";
  private static final String COMPUTED_TIER = "computed_tier";

  private Overrides() {}

  /** No overrides: every row {@code overridden = false}, without a reason. */
  public static Dataset<Row> none(Dataset<Row> scores) {
    return scores
        .withColumn(Columns.OVERRIDDEN, lit(false))
        .withColumn(Columns.OVERRIDE_REASON, lit(null).cast(DataTypes.StringType));
  }

  /**
   * @param scores one row per customer and period, tiered
   * @param overrides the overrides in force ({@link #SCHEMA})
   * @param tiers the tier rules, to tier a forced score
   * @param tiered the column the tiers apply to, which a forced score replaces
   */
  public static Dataset<Row> apply(
      Dataset<Row> scores, Dataset<Row> overrides, TierRules tiers, String tiered) {
    String[] columns =
        Stream.concat(
                Arrays.stream(scores.columns()),
                Stream.of(Columns.OVERRIDDEN, Columns.OVERRIDE_REASON))
            .toArray(String[]::new);
    Dataset<Row> forced =
        scores
            .withColumnRenamed(Columns.TIER, COMPUTED_TIER)
            .join(
                broadcast(overrides.withColumnRenamed(Columns.CUSTOMER_ID, OVERRIDE_CUSTOMER)),
                col(Columns.CUSTOMER_ID)
                    .equalTo(col(OVERRIDE_CUSTOMER))
                    .and(col(Columns.PERIOD_END).between(col(PERIOD_FROM), col(PERIOD_TO))),
                "left")
            .withColumn(
                tiered,
                coalesce(col(SCORE).cast(scores.schema().apply(tiered).dataType()), col(tiered)));
    return TierAssigner.assign(forced, tiers, tiered)
        .withColumn(
            Columns.TIER,
            coalesce(
                col(TIER),
                when(col(SCORE).isNull(), col(COMPUTED_TIER)).otherwise(col(Columns.TIER))))
        .withColumn(Columns.OVERRIDDEN, col(OVERRIDE_CUSTOMER).isNotNull())
        .select(Columns.cols(columns));
  }
}
