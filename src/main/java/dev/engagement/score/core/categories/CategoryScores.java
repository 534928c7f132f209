package dev.engagement.score.core.categories;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.round;

import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.normalization.Normalizer;
import dev.engagement.score.core.weights.PeriodWeights;
import dev.engagement.score.model.Columns;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;

/**
 * Category sub-scores combined with weights (see docs/categories.md): each event type's category
 * comes from the weight table; per customer and period, each category's raw sub-score ({@link
 * ScoreAggregator#sumPeriods(Dataset, Column, List)}) is normalized within the period like the raw
 * score, and {@code combined_score = sum over categories of (weight / 100) x normalized sub-score}.
 */
public final class CategoryScores {
  /** {@code sub_scores}: normalized sub-score by category. */
  public static final MapType SUB_SCORES_TYPE =
      DataTypes.createMapType(DataTypes.StringType, Columns.NORMALIZED_SCORE_TYPE, true);

  private static final String HELD = "category_held_";

  private CategoryScores() {}

  /**
   * Adds each event type's {@code category} in the period ({@link PeriodWeights}) to weighted
   * counts ({@link Weighting#attach}); null for types without a weight (rejected as unknown).
   */
  public static Dataset<Row> attach(Dataset<Row> weightedCounts, Dataset<Row> periodWeights) {
    String[] keys = {
      Columns.PERIOD_KIND, Columns.PERIOD_START, Columns.PERIOD_END, Columns.EVENT_TYPE
    };
    List<String> columns = new ArrayList<>(List.of(keys));
    columns.add(Columns.CATEGORY);
    Dataset<Row> categories = periodWeights.select(Columns.cols(columns.toArray(String[]::new)));
    // With recency decay the weights have a row per age; a type's category is the same in each.
    return weightedCounts.join(
        broadcast(PeriodWeights.decayed(periodWeights) ? categories.distinct() : categories),
        Columns.joinKeys(keys),
        "left");
  }

  /**
   * Adds {@code sub_scores} and {@code combined_score} to scores carrying {@code sub_raw_scores}
   * (which it drops); both null when categories are off. A missing {@code sub_raw_scores} (a
   * customer without events, see {@link CustomerActivity}) counts as 0 in every category.
   *
   * <p>Each category is normalized by {@link Normalizer#normalize}, the raw score's own
   * normalization, applied to the category's sub-score in place of the raw score. The combination
   * is exact decimal arithmetic (a normalized sub-score has 2 decimals and a weight / 100 at most
   * 6), rounded once, half-up, to 2 decimals; weights summing to 100 keep it inside the range.
   */
  public static Dataset<Row> combine(
      Dataset<Row> scores, Categories categories, Normalization normalization) {
    if (!categories.enabled()) {
      return scores
          .withColumn(Columns.SUB_SCORES, lit(null).cast(SUB_SCORES_TYPE))
          .withColumn(Columns.COMBINED_SCORE, lit(null).cast(Columns.NORMALIZED_SCORE_TYPE));
    }
    String heldRaw = HELD + Columns.RAW_SCORE;
    String heldNormalized = HELD + Columns.NORMALIZED_SCORE;
    Dataset<Row> rows =
        scores
            .withColumnRenamed(Columns.RAW_SCORE, heldRaw)
            .withColumnRenamed(Columns.NORMALIZED_SCORE, heldNormalized);
    List<Column> subScores = new ArrayList<>();
    Column combined = lit(BigDecimal.ZERO);
    int i = 0;
    for (Map.Entry<String, BigDecimal> category : categories.weights().entrySet()) {
      String normalized = HELD + i++;
      rows =
          rows.withColumn(
                  Columns.RAW_SCORE,
                  coalesce(
                      col(Columns.SUB_RAW_SCORES).getItem(category.getKey()),
                      lit(BigDecimal.ZERO).cast(Columns.RAW_SCORE_TYPE)))
              .transform(r -> Normalizer.normalize(r, normalization))
              .withColumnRenamed(Columns.NORMALIZED_SCORE, normalized)
              .drop(Columns.RAW_SCORE);
      subScores.add(lit(category.getKey()));
      subScores.add(col(normalized));
      combined = combined.plus(col(normalized).multiply(lit(category.getValue().movePointLeft(2))));
    }
    List<String> helpers = new ArrayList<>(List.of(Columns.SUB_RAW_SCORES));
    for (int j = 0; j < i; j++) {
      helpers.add(HELD + j);
    }
    return rows.withColumn(Columns.SUB_SCORES, map(subScores.toArray(Column[]::new)))
        .withColumn(Columns.COMBINED_SCORE, round(combined, 2).cast(Columns.NORMALIZED_SCORE_TYPE))
        .drop(helpers.toArray(String[]::new))
        .withColumnRenamed(heldRaw, Columns.RAW_SCORE)
        .withColumnRenamed(heldNormalized, Columns.NORMALIZED_SCORE);
  }
}
