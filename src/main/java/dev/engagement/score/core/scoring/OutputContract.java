package dev.engagement.score.core.scoring;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.model.Columns;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The output rules that depend on the configuration, enforced on the scored rows as they are
 * written: normalized scores inside the configured range (present but unbounded for z-scores, null
 * when normalization is off), and tiers from the configured set. (Rules that hold for any
 * configuration are the table's CHECK constraints, see {@code ScoreTable.CONSTRAINTS}.) Checked in
 * the same pass as the write, so a broken row fails the write's tasks before anything is committed.
 */
public final class OutputContract {
  private OutputContract() {}

  /**
   * {@code scored} unchanged, except that computing a row that breaks a rule fails with an error
   * naming the rule and the row's customer and period.
   */
  public static Dataset<Row> enforce(Dataset<Row> scored, ScoreRules scoreRules) {
    Normalization normalization = scoreRules.normalization();
    Column normalized = col(Columns.NORMALIZED_SCORE);
    Map<String, Column> rules = new LinkedHashMap<>();
    if (normalization.withinRange()) {
      rules.put(
          "normalized_score between "
              + normalization.rangeMin()
              + " and "
              + normalization.rangeMax(),
          normalized.between(lit(normalization.rangeMin()), lit(normalization.rangeMax())));
    } else if (normalization.enabled()) {
      // z-scores have no range: any value, but one for every row.
      rules.put("normalized_score is not null", normalized.isNotNull());
    } else {
      rules.put("normalized_score is null", normalized.isNull());
    }
    Object[] names = scoreRules.tiers().tiers().stream().map(TierRules.Tier::name).toArray();
    rules.put("tier in " + Arrays.toString(names), col(Columns.TIER).isin(names));

    Column tier = null;
    for (Map.Entry<String, Column> rule : rules.entrySet()) {
      Column broken = not(coalesce(rule.getValue(), lit(false)));
      Column error =
          raise_error(
              concat(
                  lit(
                      "A scored row breaks the output contract ("
                          + rule.getKey()
                          + "); nothing was published. Row: "),
                  to_json(struct(col("*")))));
      tier = tier == null ? when(broken, error) : tier.when(broken, error);
    }
    return scored.withColumn(Columns.TIER, tier.otherwise(col(Columns.TIER)));
  }
}
