package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.Columns;
import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.UserInputException;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.config.TimeEncoding;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class EventValidatorTest extends SparkTestBase {
  private static final StructType CANONICAL = TestSchemas.EVENTS;

  private static JobSettings.Events source(
      String customer, String type, String time, String ntzZone) {
    return new JobSettings.Events(
        "/unused",
        SourceFormat.AUTO,
        customer,
        type,
        time,
        Optional.empty(),
        ZoneId.of(ntzZone),
        Optional.of("event_id"),
        java.time.Instant.parse("2000-01-01T00:00:00Z"),
        1,
        Optional.empty(),
        CustomerIdWhitespace.WARN,
        false,
        TimeEncoding.TIMESTAMP);
  }

  @Test
  void mapsConfiguredColumnsAndBlanksCustomerIdsToNull() {
    StructType source =
        new StructType()
            .add("user_id", DataTypes.StringType)
            .add("action", DataTypes.StringType)
            .add("occurred_at", DataTypes.TimestampType)
            .add("extra", DataTypes.IntegerType);
    Timestamp t = Timestamp.from(Instant.parse("2026-10-05T10:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            CANONICAL,
            new Object[] {"u1", "login", t},
            new Object[] {null, "login", t},
            new Object[] {null, "login", t}),
        EventValidator.validate(
            df(
                source,
                new Object[] {"u1", "login", t, 1},
                new Object[] {"  ", "login", t, 2},
                new Object[] {null, "login", t, 3}),
            source("user_id", "action", "occurred_at", "UTC")));
  }

  @Test
  void customerIdsMatchExactlySoATrailingSpaceMakesAnotherCustomer() {
    // Today's rule (issue 18, finding 5): `c2` and `c2 ` are two customers.
    Timestamp t = Timestamp.from(Instant.parse("2026-10-05T10:00:00Z"));
    Object[][] rows = {{"c2", "login", t}, {"c2 ", "login", t}};
    Dataset<Row> validated =
        EventValidator.validate(
            df(CANONICAL, rows), source("customer_id", "event_type", "event_ts", "UTC"));
    assertDataFrameNoOrderEquals(df(CANONICAL, rows), validated);
    assertThat(validated.select(Columns.CUSTOMER_ID).distinct().count())
        .as("distinct customer ids")
        .isEqualTo(2);
  }

  @Test
  void outerWhitespaceIsRegexWhitespaceAtEitherEnd() {
    StructType ids = new StructType().add("id", DataTypes.StringType);
    Dataset<Row> flagged =
        df(
                ids,
                new Object[] {"c2"},
                new Object[] {"c 2"},
                new Object[] {"c2 "},
                new Object[] {" c2"},
                new Object[] {"\tc2"},
                new Object[] {"c2\n"},
                new Object[] {"c2\r"},
                new Object[] {"c2\u000B"},
                new Object[] {"c2\f"},
                new Object[] {null})
            .select(col("id"), EventValidator.hasOuterWhitespace(col("id")).as("flagged"));
    assertDataFrameNoOrderEquals(
        df(
            ids.add("flagged", DataTypes.BooleanType),
            new Object[] {"c2", false},
            new Object[] {"c 2", false},
            new Object[] {"c2 ", true},
            new Object[] {" c2", true},
            new Object[] {"\tc2", true},
            new Object[] {"c2\n", true},
            new Object[] {"c2\r", true},
            new Object[] {"c2\u000B", true},
            new Object[] {"c2\f", true},
            new Object[] {null, null}),
        flagged);
  }

  @Test
  void readsTimestampNtzAsWallClockInTheConfiguredZone() {
    StructType source =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("event_ts", DataTypes.TimestampNTZType);
    // 05:00 on Nov 1 in Tokyo (UTC+9) is 20:00 UTC on Oct 31; read as UTC it is 05:00Z.
    Object[] row = {"c1", "login", LocalDateTime.parse("2026-11-01T05:00:00")};
    assertDataFrameNoOrderEquals(
        df(
            CANONICAL,
            new Object[] {"c1", "login", Timestamp.from(Instant.parse("2026-10-31T20:00:00Z"))}),
        EventValidator.validate(
            df(source, row), source("customer_id", "event_type", "event_ts", "Asia/Tokyo")));
    assertDataFrameNoOrderEquals(
        df(
            CANONICAL,
            new Object[] {"c1", "login", Timestamp.from(Instant.parse("2026-11-01T05:00:00Z"))}),
        EventValidator.validate(
            df(source, row), source("customer_id", "event_type", "event_ts", "UTC")));
  }

  @Test
  void missingOrMistypedColumnsNameTheColumnAndTheFix() {
    StructType source =
        new StructType()
            .add("customer_id", DataTypes.LongType)
            .add("event_type", DataTypes.StringType)
            .add("ts", DataTypes.TimestampType);
    JobSettings.Events defaults = source("customer_id", "event_type", "event_ts", "UTC");
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(source), source("customer_id", "event_type", "ts", "UTC")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'customer_id' (used as customer_id) has type BIGINT; expected [STRING]."
                + " Cast it upstream or point events.customer_column at a column of that type.");
    StructType noTime =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType);
    assertThatThrownBy(() -> EventValidator.validate(df(noTime), defaults))
        .hasMessage(
            "The events have no column 'event_ts' (used as event_ts); found [customer_id, event_type]."
                + " Set events.time_column to the right column name.");
  }

  @Test
  void anIdColumnIsCarriedAsAStringWhenTheEventsHaveIt() {
    StructType source = TestSchemas.EVENTS.add("event_id", DataTypes.LongType);
    Timestamp t = Timestamp.from(Instant.parse("2026-10-05T10:00:00Z"));
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.EVENTS.add(Columns.EVENT_ID, DataTypes.StringType),
            new Object[] {"c1", "login", t, "42"}),
        EventValidator.validate(
            df(source, new Object[] {"c1", "login", t, 42L}),
            source("customer_id", "event_type", "event_ts", "UTC")));
  }

  @Test
  void aConfiguredAccountColumnIsCarriedAsAStringAndBlankMeansNone() {
    StructType source = TestSchemas.EVENTS.add("org_id", DataTypes.LongType);
    Timestamp t = Timestamp.from(Instant.parse("2026-10-05T10:00:00Z"));
    JobSettings.Events defaults = source("customer_id", "event_type", "event_ts", "UTC");
    JobSettings.Events withAccount =
        new JobSettings.Events(
            defaults.path(),
            defaults.format(),
            defaults.customerColumn(),
            defaults.typeColumn(),
            defaults.timeColumn(),
            defaults.partitionColumn(),
            defaults.ntzTimezone(),
            defaults.idColumn(),
            defaults.minTime(),
            defaults.maxDaysAhead(),
            Optional.of("org_id"),
            defaults.customerIdWhitespace(),
            defaults.customerIdIntegers(),
            defaults.timeEncoding());
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.EVENTS.add(Columns.ACCOUNT_ID, DataTypes.StringType),
            new Object[] {"c1", "login", t, "7"},
            new Object[] {"c2", "login", t, null}),
        EventValidator.validate(
            df(source, new Object[] {"c1", "login", t, 7L}, new Object[] {"c2", "login", t, null}),
            withAccount));
    StructType strings = TestSchemas.EVENTS.add("org_id", DataTypes.StringType);
    assertThat(
            EventValidator.validate(df(strings, new Object[] {"c1", "login", t, " "}), withAccount)
                .first()
                .isNullAt(3))
        .as("a blank account id is no account")
        .isTrue();
    StructType mistyped = TestSchemas.EVENTS.add("org_id", DataTypes.DoubleType);
    assertThatThrownBy(() -> EventValidator.validate(df(mistyped), withAccount))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'org_id' (used as account_id) has type DOUBLE; expected [STRING,"
                + " BIGINT, INT]. Cast it upstream or point events.account_column at a column of"
                + " that type.");
    // Without the setting the column is not carried: the default plan is unchanged.
    assertThat(EventValidator.validate(df(source), defaults).columns())
        .containsExactly("customer_id", "event_type", "event_ts");
  }
}
