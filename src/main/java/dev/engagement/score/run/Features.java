package dev.engagement.score.run;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.feature.accounts.AccountsFeature;
import dev.engagement.score.feature.activity.ActivityFeature;
import dev.engagement.score.feature.aggregate.AggregateFeature;
import dev.engagement.score.feature.breakdown.BreakdownFeature;
import dev.engagement.score.feature.customers.CustomersFeature;
import dev.engagement.score.feature.drivers.DriversFeature;
import dev.engagement.score.feature.overrides.OverridesFeature;
import dev.engagement.score.feature.rejects.RejectsFeature;
import dev.engagement.score.feature.restatements.RestatementsFeature;
import dev.engagement.score.feature.transitions.TransitionsFeature;
import dev.engagement.score.feature.trend.TrendFeature;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The registered features ({@link Feature}, docs/architecture.md): a run calls each hook in this
 * order, so its steps on the scored rows run in this order (the overrides last: they force the
 * final scores) and its companion tables are written in this order, after the score table (the
 * restatement log first: it explains the score table's commit). Adding a feature adds one line
 * here.
 */
public final class Features {
  private static final List<BiFunction<JobSettings, ScoreRules, Optional<Feature>>> REGISTERED =
      List.of(
          TrendFeature::from,
          ActivityFeature::from,
          CustomersFeature::from,
          RejectsFeature::from,
          AggregateFeature::from,
          RestatementsFeature::from,
          AccountsFeature::from,
          BreakdownFeature::from,
          TransitionsFeature::from,
          DriversFeature::from,
          OverridesFeature::from);

  private Features() {}

  /**
   * The features {@code settings} turn on, in the order of registration, each block read and
   * checked by its feature (some against the score's {@code rules}).
   */
  public static List<Feature> of(JobSettings settings, ScoreRules rules) {
    return REGISTERED.stream().flatMap(f -> f.apply(settings, rules).stream()).toList();
  }
}
