package dev.engagement.score.feature.customers;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.config.SourceFormat;
import java.util.Optional;

/** The {@code customers} block: the optional customer dimension, empty when its path is "". */
public final class CustomerSettings {
  private CustomerSettings() {}

  public static Optional<JobSettings.Customers> from(SettingsBlock customers) {
    SourceFormat format = SourceFormat.from(customers, "format");
    return customers
        .optional("path")
        .map(
            path ->
                new JobSettings.Customers(
                    path,
                    format,
                    customers.required("id_column", null),
                    customers.required("active_from_column", null),
                    customers.required("active_to_column", null)));
  }
}
