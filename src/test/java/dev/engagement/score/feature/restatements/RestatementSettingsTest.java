package dev.engagement.score.feature.restatements;

import static dev.engagement.score.config.TestSettings.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.score.config.JobSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code restatements} block, read by the feature when the command is prepared. */
@Tag("fast")
class RestatementSettingsTest {
  @Test
  void theRestatementLogIsNextToTheOutputAndTheReasonIsNoPartOfTheConfigHash() {
    JobSettings plain = load();
    assertThat(RestatementSettings.from(plain).path()).isEmpty();
    assertThat(RestatementSettings.from(plain).reason()).isEmpty();
    JobSettings reasoned = load("restatements.reason", "weights review 2026-Q4");
    assertThat(RestatementSettings.from(reasoned).reason()).contains("weights review 2026-Q4");
    assertThat(reasoned.configHash()).isEqualTo(plain.configHash());
    assertThat(load("restatements.path", "/o_log").configHash()).isNotEqualTo(plain.configHash());
  }
}
