package dev.engagement.score.core.categories;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.normalization.NormalizationSettings;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code categories.weights}: an object of category = percent, percents >= 0 with at most 4 decimal
 * places, summing to exactly 100, so that the combined score stays in the normalized range; and
 * {@code tiers.score = combined}, which needs them.
 */
public final class CategorySettings {
  private static final String EXAMPLE =
      "categories.weights { product = 50, support = 20, billing = 20, other = 10 }";

  private CategorySettings() {}

  /**
   * @param categories the {@code categories} block
   * @param tiers the {@code tiers} block, whose {@code score} may be {@code combined}
   */
  public static Categories from(
      SettingsBlock categories, SettingsBlock tiers, Normalization normalization) {
    Map<String, String> spec = categories.entries("weights", EXAMPLE);
    boolean onCombined = tiers.text("score").equals("combined");
    if (spec.isEmpty()) {
      if (onCombined) {
        throw tiers.conflict(
            "score",
            ConfigKeys.TIERS_SCORE
                + " = combined needs "
                + ConfigKeys.CATEGORIES_WEIGHTS
                + ": set it (e.g. "
                + EXAMPLE
                + "), or set "
                + ConfigKeys.TIERS_SCORE
                + " = raw or normalized.");
      }
      return Categories.OFF;
    }
    Map<String, BigDecimal> weights = new LinkedHashMap<>();
    spec.forEach((name, text) -> weights.put(name, weight(categories, name, text)));
    BigDecimal total = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    if (total.compareTo(BigDecimal.valueOf(100)) != 0) {
      throw categories.invalid(
          "weights",
          "the weights sum to "
              + total.toPlainString()
              + ", not 100 (they are percents). Example: "
              + EXAMPLE);
    }
    if (!normalization.enabled()) {
      throw categories.conflict(
          "weights",
          ConfigKeys.CATEGORIES_WEIGHTS
              + " needs "
              + ConfigKeys.NORMALIZE_METHOD
              + " = "
              + NormalizationSettings.methods()
              + ": the sub-scores are normalized before they are combined. Enable"
              + " normalization, or set "
              + ConfigKeys.CATEGORIES_WEIGHTS
              + " {}.");
    }
    return new Categories(weights, onCombined);
  }

  private static BigDecimal weight(SettingsBlock categories, String name, String text) {
    try {
      BigDecimal weight = new BigDecimal(text);
      if (weight.signum() >= 0 && weight.stripTrailingZeros().scale() <= 4) {
        return weight;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw categories.invalid(
        "weights",
        "the weight '"
            + text
            + "' of '"
            + name
            + "' must be a number >= 0 with at most 4 decimal places. Example: "
            + EXAMPLE);
  }
}
