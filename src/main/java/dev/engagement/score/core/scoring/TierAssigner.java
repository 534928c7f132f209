package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.TierRules;
import dev.engagement.score.model.Columns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Assigns each score its tier: the first tier whose bound the score satisfies, in order. */
public final class TierAssigner {
  private TierAssigner() {}

  /**
   * @param onNormalized tier the normalized score instead of the raw score
   */
  public static Dataset<Row> assign(Dataset<Row> scores, TierRules rules, boolean onNormalized) {
    return assign(scores, rules, onNormalized ? Columns.NORMALIZED_SCORE : Columns.RAW_SCORE);
  }

  /**
   * @param scoreColumn the score the tiers apply to
   */
  public static Dataset<Row> assign(Dataset<Row> scores, TierRules rules, String scoreColumn) {
    Column score = col(scoreColumn);
    List<TierRules.Tier> tiers = rules.tiers();
    TierRules.Tier top = tiers.get(tiers.size() - 1);
    Column tier = null;
    for (TierRules.Tier t : tiers.subList(0, tiers.size() - 1)) {
      Column fits = t.inclusive() ? score.leq(lit(t.bound())) : score.lt(lit(t.bound()));
      tier = tier == null ? when(fits, t.name()) : tier.when(fits, t.name());
    }
    return scores.withColumn(
        Columns.TIER, tier == null ? lit(top.name()) : tier.otherwise(top.name()));
  }
}
