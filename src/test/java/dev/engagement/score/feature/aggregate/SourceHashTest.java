package dev.engagement.score.feature.aggregate;

import static dev.engagement.score.config.TestSettings.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The daily aggregate's source hash: a setting that changes the stored days' counts changes it, so
 * that they are counted again; one that does not leaves the stored days valid.
 */
@Tag("fast")
class SourceHashTest {
  private static final List<String> TYPES = List.of("login", "project_added");

  private static String hash(String... keyValues) {
    return DailyAggregate.sourceHash(load(keyValues), TYPES);
  }

  @Test
  void howEventIdsAreDeduplicatedIsPartOfTheHash() {
    String perCustomer = hash();
    String global = hash("events.id_scope", "global");
    String unique = hash("events.unique_ids", "true");
    assertThat(perCustomer).isEqualTo(hash("events.id_scope", "customer"));
    assertThat(List.of(perCustomer, global, unique)).doesNotHaveDuplicates();
    assertThat(hash("events.id_scope", "global", "events.unique_ids", "true"))
        .isNotIn(perCustomer, global);
  }

  @Test
  void theGlobalScopeKeepsTheHashOfTheDaysStoredBeforeTheSettingsExisted() {
    // Global and not unique is how every day was counted before events.id_scope and
    // events.unique_ids: the hash is the one of the same settings before them, SHA-256 (by
    // `printf ... | sha256sum`) of the text
    //   event_types=login\nproject_added\n
    //   events=/e|AUTO|customer_id|event_type|event_ts||UTC|event_id|2000-01-01T00:00:00Z\n
    //   timezone=UTC
    assertThat(hash("events.id_scope", "global"))
        .isEqualTo("770dbca30240a4b896950e5acd2d4498c7cb1c0fad8a942efe74a69aa9bd167b");
  }

  @Test
  void withoutAnIdColumnNothingIsComparedAndTheScopeChangesNothing() {
    String none = hash("events.id_column", "");
    assertThat(hash("events.id_column", "", "events.id_scope", "global")).isEqualTo(none);
    assertThat(hash("events.id_column", "", "events.unique_ids", "true")).isEqualTo(none);
  }
}
