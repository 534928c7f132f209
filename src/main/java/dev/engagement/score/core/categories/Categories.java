package dev.engagement.score.core.categories;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Category sub-scores combined into one score (see docs/categories.md): each category's share of
 * the combined score in percent ({@code categories.weights}, summing to 100), and whether the tiers
 * apply to the combined score. No weights: off.
 */
public record Categories(Map<String, BigDecimal> weights, boolean tiersOnCombined) {
  public static final Categories OFF = new Categories(Map.of(), false);

  public Categories {
    // Sorted, so that the plan and the sub-score maps list the categories in one order.
    weights = Collections.unmodifiableMap(new TreeMap<>(weights));
  }

  public boolean enabled() {
    return !weights.isEmpty();
  }
}
