package dev.engagement.score.core.scoring;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.config.TierRules;
import dev.engagement.score.core.categories.Categories;
import dev.engagement.score.core.categories.CategorySettings;
import dev.engagement.score.core.decay.DecaySettings;
import dev.engagement.score.core.normalization.Normalization;
import dev.engagement.score.core.normalization.NormalizationSettings;
import dev.engagement.score.model.Columns;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How a score is computed, beyond the weights: recency decay, caps, categories, normalization and
 * the score the tiers apply to. Each part reads its own settings block ({@code decay}, {@code
 * caps}, {@code categories}, {@code normalize}, {@code tiers.score}) in its own package; they are
 * checked together here, before Spark starts, because they constrain each other.
 *
 * @param tiersOnNormalized whether the tiers apply to the normalized (or combined) score
 * @param decayHalfLifeDays the recency decay's half-life, empty when off (docs/decay.md)
 * @param caps per event type, the most events counted per customer and period (docs/breakdown.md)
 */
public record ScoreRules(
    Normalization normalization,
    TierRules tiers,
    boolean tiersOnNormalized,
    Categories categories,
    OptionalInt decayHalfLifeDays,
    Map<String, Long> caps) {

  /** The rules of {@code settings}: fails with the key and the fix when they are invalid. */
  public static ScoreRules from(JobSettings settings) {
    Normalization normalization =
        NormalizationSettings.from(
            settings.block("normalize"),
            settings.reference().block("normalize"),
            settings.block("customers").optional("path").isPresent());
    Map<String, Long> caps = Caps.from(settings.root());
    SettingsBlock tiers = settings.block("tiers");
    return new ScoreRules(
        normalization,
        settings.tiers(),
        tiersOnNormalized(tiers, normalization),
        CategorySettings.from(settings.block("categories"), tiers, normalization),
        DecaySettings.from(settings.block("decay"), !caps.isEmpty()),
        caps);
  }

  /**
   * Whether the rules need the counts summed per event type before per customer: caps apply per
   * type. (Features may need those sums too, see {@code Feature.needsTypeSums}.)
   */
  public boolean sumsPerType() {
    return !caps.isEmpty();
  }

  /** The score the tiers apply to: raw, normalized or combined. */
  public String tieredColumn() {
    return categories.tiersOnCombined()
        ? Columns.COMBINED_SCORE
        : tiersOnNormalized ? Columns.NORMALIZED_SCORE : Columns.RAW_SCORE;
  }

  private static boolean tiersOnNormalized(SettingsBlock tiers, Normalization normalization) {
    String score =
        tiers.parsed(
            "score",
            s -> List.of("raw", "normalized", "combined").contains(s) ? s : null,
            "use raw, normalized or combined");
    if (score.equals("normalized") && !normalization.enabled()) {
      throw tiers.conflict(
          "score",
          ConfigKeys.TIERS_SCORE
              + " = normalized needs "
              + ConfigKeys.NORMALIZE_METHOD
              + " = "
              + NormalizationSettings.methods()
              + ": enable normalization or set "
              + ConfigKeys.TIERS_SCORE
              + " = raw");
    }
    // The combined score is on the normalized scale: where it does not exist (the account table),
    // the tiers apply to the normalized score. Needs categories.weights, which needs a
    // normalization: checked with them.
    return !score.equals("raw") && normalization.enabled();
  }
}
