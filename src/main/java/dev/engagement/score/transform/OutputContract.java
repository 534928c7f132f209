package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.Columns;
import dev.engagement.score.config.Normalization;
import dev.engagement.score.config.TierRules;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The output rules that depend on the configuration, checked on the scored rows before they are
 * written: normalized scores inside the configured range (null when normalization is off), and
 * tiers from the configured set. (Rules that hold for any configuration are the table's CHECK
 * constraints, see {@code ScoreTable.CONSTRAINTS}.)
 */
public final class OutputContract {
  private OutputContract() {}

  /** How many rows break each rule; empty when every row keeps them all. */
  public static Map<String, Long> violations(
      Dataset<Row> scored, Normalization normalization, TierRules tiers) {
    Column normalized = col(Columns.NORMALIZED_SCORE);
    Map<String, Column> rules = new LinkedHashMap<>();
    rules.put(
        normalization.enabled()
            ? "normalized_score between "
                + normalization.rangeMin()
                + " and "
                + normalization.rangeMax()
            : "normalized_score is null",
        normalization.enabled()
            ? normalized.between(lit(normalization.rangeMin()), lit(normalization.rangeMax()))
            : normalized.isNull());
    Object[] names = tiers.tiers().stream().map(TierRules.Tier::name).toArray();
    rules.put("tier in " + Arrays.toString(names), col(Columns.TIER).isin(names));

    List<Column> breaking =
        rules.values().stream()
            .map(ok -> sum(when(coalesce(ok, lit(false)), 0L).otherwise(1L)))
            .toList();
    Row counts =
        scored
            .agg(breaking.get(0), breaking.subList(1, breaking.size()).toArray(Column[]::new))
            .first();
    Map<String, Long> broken = new LinkedHashMap<>();
    int i = 0;
    for (String rule : rules.keySet()) {
      long n = counts.isNullAt(i) ? 0 : counts.getLong(i);
      if (n > 0) {
        broken.put(rule, n);
      }
      i++;
    }
    return broken;
  }
}
