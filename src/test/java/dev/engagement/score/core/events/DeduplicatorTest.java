package dev.engagement.score.core.events;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.model.Columns;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
    // No id is shared by two customers here: both scopes give the same result.
    for (Deduplicator.Ids ids : List.of(Deduplicator.Ids.PER_CUSTOMER, Deduplicator.Ids.GLOBAL)) {
      assertDataFrameNoOrderEquals(
          df(EVENTS, out), Deduplicator.markDuplicates(df(EVENTS, in), ids));
    }
    // Declared unique: nothing is compared, every event keeps the reason it had.
    assertDataFrameNoOrderEquals(
        df(EVENTS, in),
        Deduplicator.markDuplicates(df(EVENTS, in), new Deduplicator.Ids(IdScope.CUSTOMER, true)));
  }

  /** Ids that two customers share, on Oct 2. */
  private static Object[][] sharedIds(String c1Late, String c1Early, String c4) {
    return new Object[][] {
      row("c1", "login", "2026-10-02T09:00:00Z", "x", c1Early, "2026-10-02"),
      row("c2", "login", "2026-10-02T08:00:00Z", "x", null, "2026-10-02"),
      row("c1", "login", "2026-10-02T10:00:00Z", "x", c1Late, "2026-10-02"),
      row("c3", "login", "2026-10-02T09:00:00Z", "y", null, "2026-10-02"),
      row("c4", "login", "2026-10-02T09:00:00Z", "y", c4, "2026-10-02"),
    };
  }

  @Test
  void perCustomerAnIdThatAnotherCustomerUsesIsNotADuplicate() {
    String dup = RejectReason.DUPLICATE_EVENT_ID;
    // c1's 10:00 "x" repeats its own 09:00 one; c2's "x" and c4's "y" are other customers' ids.
    assertDataFrameNoOrderEquals(
        df(EVENTS, sharedIds(dup, null, null)),
        Deduplicator.markDuplicates(
            df(EVENTS, sharedIds(null, null, null)), Deduplicator.Ids.PER_CUSTOMER));
  }

  @Test
  void globallyTheEarliestOfAllCustomersIsKeptTiesToTheSmallestCustomer() {
    String dup = RejectReason.DUPLICATE_EVENT_ID;
    // "x": c2's 08:00 is the earliest, both of c1's are duplicates. "y": same time and type, so
    // c3 (the smaller customer id) is kept and c4's is a duplicate.
    assertDataFrameNoOrderEquals(
        df(EVENTS, sharedIds(dup, dup, dup)),
        Deduplicator.markDuplicates(
            df(EVENTS, sharedIds(null, null, null)), Deduplicator.Ids.GLOBAL));
  }

  @Test
  void withoutAnIdColumnNothingChanges() {
    StructType noId =
        TestSchemas.EVENTS
            .add(Columns.REJECT_REASON, DataTypes.StringType)
            .add(Columns.LOCAL_DATE, DataTypes.DateType);
    Object[] r = {"c1", "login", Timestamp.from(Instant.parse("2026-10-02T09:00:00Z")), null, null};
    for (Deduplicator.Ids ids :
        List.of(
            Deduplicator.Ids.PER_CUSTOMER,
            Deduplicator.Ids.GLOBAL,
            new Deduplicator.Ids(IdScope.CUSTOMER, true))) {
      assertDataFrameNoOrderEquals(
          df(noId, r, r), Deduplicator.markDuplicates(df(noId, r, r), ids));
    }
  }
}
