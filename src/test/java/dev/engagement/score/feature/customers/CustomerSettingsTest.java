package dev.engagement.score.feature.customers;

import static dev.engagement.score.config.TestSettings.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.config.SourceFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code customers} block, read by the feature when the command is prepared. */
@Tag("fast")
class CustomerSettingsTest {
  @Test
  void offByDefaultOnWithAPathWithTheDefaultColumns() {
    assertThat(CustomerSettings.from(load())).isEmpty();
    assertThat(CustomerSettings.from(load("customers.path", "/c")))
        .contains(
            new CustomerSettings(
                "/c", SourceFormat.AUTO, "customer_id", "active_from", "active_to"));
  }
}
