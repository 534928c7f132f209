package dev.engagement.score.core.events;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.model.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RejectTaggerTest extends SparkTestBase {
  private static final StructType TAGGED =
      TestSchemas.EVENTS.add(Columns.REJECT_REASON, DataTypes.StringType);
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2026-11-26T00:00:00Z");

  private static Timestamp at(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @Test
  void timesThatAreMissingOrOutsideTheSaneRangeAreRejectedFirst() {
    Object[][] rows = {
      {null, "login", null, RejectReason.MISSING_EVENT_TIME},
      {"c1", "login", at("1999-12-31T23:59:59Z"), RejectReason.EVENT_TIME_OUT_OF_RANGE},
      {"c1", "login", at("2000-01-01T00:00:00Z"), null},
      {"c1", "login", at("2026-11-26T00:00:00Z"), null},
      {"c1", "login", at("2026-11-26T00:00:01Z"), RejectReason.EVENT_TIME_OUT_OF_RANGE},
      {null, "nope", at("2026-10-01T00:00:00Z"), null}, // judged later, by tagRows
    };
    assertDataFrameNoOrderEquals(
        df(TAGGED, rows),
        RejectTagger.tagTimes(df(TestSchemas.EVENTS, withoutReason(rows)), EARLIEST, LATEST));
  }

  @Test
  void missingCustomersAndUnknownTypesAreRejectedUnlessAlreadyRejected() {
    Timestamp t = at("2026-10-01T00:00:00Z");
    Object[][] in = {
      {null, "login", null, RejectReason.MISSING_EVENT_TIME},
      {null, "nope", t, null},
      {"c1", "nope", t, null},
      {"c1", "Login", t, null}, // types match exactly
      {"c1", null, t, null},
      {"c1", "login", t, null},
    };
    Object[][] out = {
      {null, "login", null, RejectReason.MISSING_EVENT_TIME},
      {null, "nope", t, RejectReason.MISSING_CUSTOMER_ID},
      {"c1", "nope", t, RejectReason.UNKNOWN_EVENT_TYPE},
      {"c1", "Login", t, RejectReason.UNKNOWN_EVENT_TYPE},
      {"c1", null, t, RejectReason.UNKNOWN_EVENT_TYPE},
      {"c1", "login", t, null},
    };
    assertDataFrameNoOrderEquals(
        df(TAGGED, out), RejectTagger.tagRows(df(TAGGED, in), List.of("login", "refund")));
  }

  @Test
  void customerIdsWithOuterWhitespaceAreRejectedInRejectModeOnly() {
    Timestamp t = at("2026-10-01T00:00:00Z");
    Object[][] in = {
      {"c2", "login", t, null},
      {"c2 ", "login", t, null},
      {" c2", "login", t, null},
      {"c\t2", "login", t, null}, // inside the id: part of it
      {"c2\r\n", "login", null, RejectReason.MISSING_EVENT_TIME},
      {null, "login", t, null}, // judged later, by tagRows
    };
    String whitespace = RejectReason.CUSTOMER_ID_WHITESPACE;
    Object[][] out = {
      {"c2", "login", t, null},
      {"c2 ", "login", t, whitespace},
      {" c2", "login", t, whitespace},
      {"c\t2", "login", t, null},
      {"c2\r\n", "login", null, RejectReason.MISSING_EVENT_TIME},
      {null, "login", t, null},
    };
    assertDataFrameNoOrderEquals(
        df(TAGGED, out), RejectTagger.tagCustomerIds(df(TAGGED, in), CustomerIdWhitespace.REJECT));
    for (CustomerIdWhitespace mode :
        List.of(CustomerIdWhitespace.WARN, CustomerIdWhitespace.TRIM)) {
      assertDataFrameNoOrderEquals(
          df(TAGGED, in), RejectTagger.tagCustomerIds(df(TAGGED, in), mode));
    }
  }

  private static Object[][] withoutReason(Object[][] rows) {
    return java.util.Arrays.stream(rows)
        .map(r -> java.util.Arrays.copyOf(r, 3))
        .toArray(Object[][]::new);
  }
}
