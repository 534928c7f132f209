package dev.engagement.score.feature.customers;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SettingsBlock;
import dev.engagement.score.config.SourceFormat;
import java.util.Optional;

/**
 * The {@code customers} block: where the customer dimension is and what its columns are called;
 * empty when its path is "".
 */
record CustomerSettings(
    String path,
    SourceFormat format,
    String idColumn,
    String activeFromColumn,
    String activeToColumn) {
  static final String BLOCK = "customers";

  static Optional<CustomerSettings> from(JobSettings settings) {
    SettingsBlock customers = settings.block(BLOCK);
    SourceFormat format = SourceFormat.from(customers, "format");
    return customers
        .optional("path")
        .map(
            path ->
                new CustomerSettings(
                    path,
                    format,
                    customers.required("id_column", null),
                    customers.required("active_from_column", null),
                    customers.required("active_to_column", null)));
  }
}
