package dev.engagement.score.core.events;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.model.Columns;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DeduplicatorTest extends SparkTestBase {
  private static final StructType EVENTS =
      TestSchemas.EVENTS
          .add(Columns.EVENT_ID, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.LOCAL_DATE, DataTypes.DateType);

  private static Object[] row(
      String customer, String type, String time, String id, String reason, String day) {
    return new Object[] {
      customer, type, Timestamp.from(Instant.parse(time)), id, reason, Date.valueOf(day)
    };
  }

  @Test
  void theEarliestEventOfAnIdCountsOncePerDay() {
    String dup = RejectReason.DUPLICATE_EVENT_ID;
    String unknown = RejectReason.UNKNOWN_EVENT_TYPE;
    Object[][] in = {
      // e1 three times on Oct 2: the earliest stays.
      row("c1", "login", "2026-10-02T10:00:00Z", "e1", null, "2026-10-02"),
      row("c1", "login", "2026-10-02T09:00:00Z", "e1", null, "2026-10-02"),
      row("c1", "login", "2026-10-02T11:00:00Z", "e1", null, "2026-10-02"),
      // The same id on another day counts there too.
      row("c1", "login", "2026-10-03T09:00:00Z", "e1", null, "2026-10-03"),
      // Equal times: the smallest event type stays.
      row("c2", "refund", "2026-10-02T09:00:00Z", "e2", null, "2026-10-02"),
      row("c2", "login", "2026-10-02T09:00:00Z", "e2", null, "2026-10-02"),
      // Events without an id are never duplicates; rejected ones keep their reason.
      row("c3", "login", "2026-10-02T09:00:00Z", null, null, "2026-10-02"),
      row("c3", "login", "2026-10-02T09:00:00Z", null, null, "2026-10-02"),
      row("c4", "nope", "2026-10-02T09:00:00Z", "e4", unknown, "2026-10-02"),
      row("c4", "login", "2026-10-02T09:00:01Z", "e4", null, "2026-10-02"),
    };
    Object[][] out = {
      row("c1", "login", "2026-10-02T10:00:00Z", "e1", dup, "2026-10-02"),
      row("c1", "login", "2026-10-02T09:00:00Z", "e1", null, "2026-10-02"),
      row("c1", "login", "2026-10-02T11:00:00Z", "e1", dup, "2026-10-02"),
      row("c1", "login", "2026-10-03T09:00:00Z", "e1", null, "2026-10-03"),
      row("c2", "refund", "2026-10-02T09:00:00Z", "e2", dup, "2026-10-02"),
      row("c2", "login", "2026-10-02T09:00:00Z", "e2", null, "2026-10-02"),
      row("c3", "login", "2026-10-02T09:00:00Z", null, null, "2026-10-02"),
      row("c3", "login", "2026-10-02T09:00:00Z", null, null, "2026-10-02"),
      row("c4", "nope", "2026-10-02T09:00:00Z", "e4", unknown, "2026-10-02"),
      row("c4", "login", "2026-10-02T09:00:01Z", "e4", null, "2026-10-02"),
    };
    assertDataFrameNoOrderEquals(df(EVENTS, out), Deduplicator.markDuplicates(df(EVENTS, in)));
  }

  @Test
  void withoutAnIdColumnNothingChanges() {
    StructType noId =
        TestSchemas.EVENTS
            .add(Columns.REJECT_REASON, DataTypes.StringType)
            .add(Columns.LOCAL_DATE, DataTypes.DateType);
    Object[] r = {"c1", "login", Timestamp.from(Instant.parse("2026-10-02T09:00:00Z")), null, null};
    assertDataFrameNoOrderEquals(df(noId, r, r), Deduplicator.markDuplicates(df(noId, r, r)));
  }
}
