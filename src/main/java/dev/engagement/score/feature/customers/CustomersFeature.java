package dev.engagement.score.feature.customers;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.plugin.Feature;
import dev.engagement.score.core.plugin.InputContext;
import dev.engagement.score.core.scoring.PeriodAssigner;
import dev.engagement.score.core.scoring.ScoreRules;
import dev.engagement.score.core.table.PathConflicts;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The customer dimension ({@code customers.path}, docs/customers.md): read and checked with the
 * run's inputs ({@link CustomerSource}), then applied to the period sums before they are scored
 * ({@link CustomerActivity}). Always on: without a dimension its step adds the null {@code segment}
 * that normalization groups by.
 */
public record CustomersFeature(Optional<CustomerSettings> settings) implements Feature {
  public static Optional<Feature> from(JobSettings settings, ScoreRules rules) {
    return Optional.of(new CustomersFeature(CustomerSettings.from(settings)));
  }

  @Override
  public String name() {
    return CustomerSettings.BLOCK;
  }

  @Override
  public PathConflicts.Uses paths() {
    return PathConflicts.Uses.read(ConfigKeys.CUSTOMERS_PATH, settings.map(CustomerSettings::path));
  }

  @Override
  public UnaryOperator<Dataset<Row>> sumsStep(InputContext inputs) {
    return settings
        .map(
            c -> {
              Dataset<Row> customers =
                  CustomerSource.read(
                      inputs.spark(), c, inputs.rules().normalization().segmentColumn());
              Dataset<Row> periodRows = PeriodAssigner.periodRows(inputs.spark(), inputs.periods());
              return (UnaryOperator<Dataset<Row>>)
                  sums -> CustomerActivity.apply(sums, customers, periodRows);
            })
        .orElse(CustomerActivity::none);
  }
}
