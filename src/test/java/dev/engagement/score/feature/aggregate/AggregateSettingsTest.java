package dev.engagement.score.feature.aggregate;

import static dev.engagement.score.config.TestSettings.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.config.SettingsLoader;
import dev.engagement.score.model.UserInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code aggregate} block, read and checked by the feature when the command is prepared. */
@Tag("fast")
class AggregateSettingsTest {
  @Test
  void theShippedProductionOverlayKeepsADailyAggregate() {
    assertThat(AggregateSettings.from(SettingsLoader.load(List.of("conf/prod.conf"), Map.of())))
        .contains(new AggregateSettings("s3a://analytics-lake/scores/engagement_scores_daily", 1));
  }

  @Test
  void theAggregateIsOffByDefaultAndRereadDaysAreChecked() {
    assertThat(AggregateSettings.from(load())).isEmpty();
    assertThat(AggregateSettings.from(load("aggregate.path", "/d", "aggregate.reread_days", "0")))
        .contains(new AggregateSettings("/d", 0));
    assertThatThrownBy(() -> AggregateSettings.from(load("aggregate.reread_days", "-1")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Invalid aggregate.reread_days '-1' (the command line): use a whole number of days"
                + " >= 0.");
  }
}
