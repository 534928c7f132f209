package dev.engagement.score.config;

import java.time.Instant;
import java.util.EnumSet;

/** The {@code events} block: where the events are, their columns and encodings. */
final class EventSettings {
  private EventSettings() {}

  static JobSettings.Events from(SettingsBlock events) {
    return new JobSettings.Events(
        events.required("path", "--events PATH"),
        SourceFormat.from(
            events,
            "format",
            EnumSet.of(SourceFormat.AUTO, SourceFormat.PARQUET, SourceFormat.DELTA)),
        events.required("customer_column", null),
        events.required("type_column", null),
        events.required("time_column", null),
        events.optional("partition_column"),
        events.zone("ntz_timezone"),
        events.optional("id_column"),
        events.parsed(
            "min_time", Instant::parse, "use an ISO instant, e.g. \"2000-01-01T00:00:00Z\"."),
        events.days("max_days_ahead", 0),
        events.optional("account_column"),
        events.oneOf("customer_id_whitespace", CustomerIdWhitespace.class),
        events.trueOrFalse("customer_id_integers"),
        events.oneOf("time_encoding", TimeEncoding.class),
        events.oneOf("id_scope", IdScope.class),
        events.trueOrFalse("unique_ids"));
  }
}
