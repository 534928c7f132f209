package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.SparkTestBase;
import dev.engagement.score.TestSchemas;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.IdScope;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.config.SourceFormat;
import dev.engagement.score.config.TimeEncoding;
import dev.engagement.score.core.scoring.ScoringPipeline;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.DateSpan;
import dev.engagement.score.model.UserInputException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
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
        TimeEncoding.TIMESTAMP,
        IdScope.CUSTOMER,
        false);
  }

  /** The default columns, read with these id settings. */
  private static JobSettings.Events ids(CustomerIdWhitespace whitespace, boolean integers) {
    JobSettings.Events d = source("customer_id", "event_type", "event_ts", "UTC");
    return new JobSettings.Events(
        d.path(),
        d.format(),
        d.customerColumn(),
        d.typeColumn(),
        d.timeColumn(),
        d.partitionColumn(),
        d.ntzTimezone(),
        d.idColumn(),
        d.minTime(),
        d.maxDaysAhead(),
        d.accountColumn(),
        whitespace,
        integers,
        d.timeEncoding(),
        d.idScope(),
        d.uniqueIds());
  }

  /** In the UTC business zone, which matters to DATE times only ({@link EventTimesTest}). */
  private static Dataset<Row> validate(Dataset<Row> events, JobSettings.Events source) {
    return EventValidator.validate(events, source, ZoneId.of("UTC"));
  }

  private static final Timestamp T = Timestamp.from(Instant.parse("2026-10-05T10:00:00Z"));

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
        validate(
            df(
                source,
                new Object[] {"u1", "login", t, 1},
                new Object[] {"  ", "login", t, 2},
                new Object[] {null, "login", t, 3}),
            source("user_id", "action", "occurred_at", "UTC")));
  }

  @Test
  void inWarnModeATrailingSpaceMakesAnotherCustomer() {
    // Today's rule, kept as the default (issue 18, finding 5): `c2` and `c2 ` are two customers;
    // the run summary counts such ids as a warning.
    Object[][] rows = {{"c2", "login", T}, {"c2 ", "login", T}};
    Dataset<Row> validated = validate(df(CANONICAL, rows), ids(CustomerIdWhitespace.WARN, false));
    assertDataFrameNoOrderEquals(df(CANONICAL, rows), validated);
    assertThat(validated.select(Columns.CUSTOMER_ID).distinct().count())
        .as("distinct customer ids")
        .isEqualTo(2);
    assertThat(
            validated.filter(EventValidator.hasOuterWhitespace(col(Columns.CUSTOMER_ID))).count())
        .as("ids the summary warns about")
        .isEqualTo(1);
  }

  @Test
  void inTrimModeOuterWhitespaceIsStrippedSoC2AndC2SpaceAreOneCustomer() {
    Dataset<Row> validated =
        validate(
            df(
                CANONICAL,
                new Object[] {"c2", "login", T},
                new Object[] {"c2 ", "login", T},
                new Object[] {"\tc2\r\n", "login", T},
                new Object[] {" c 2 ", "login", T}),
            ids(CustomerIdWhitespace.TRIM, false));
    assertDataFrameNoOrderEquals(
        df(
            CANONICAL,
            new Object[] {"c2", "login", T},
            new Object[] {"c2", "login", T},
            new Object[] {"c2", "login", T},
            new Object[] {"c 2", "login", T}), // whitespace inside an id is part of it
        validated);
  }

  @Test
  void inRejectModeIdsWithOuterWhitespaceAreTaggedCustomerIdWhitespace() {
    Dataset<Row> validated =
        validate(
            df(
                CANONICAL,
                new Object[] {"c2", "login", T},
                new Object[] {"c2 ", "login", T},
                new Object[] {"\tc2", "login", T},
                new Object[] {"c2\n", "login", T}),
            ids(CustomerIdWhitespace.REJECT, false));
    Date oct5 = Date.valueOf("2026-10-05");
    String whitespace = RejectReason.CUSTOMER_ID_WHITESPACE;
    assertDataFrameNoOrderEquals(
        df(
            CANONICAL
                .add(Columns.REJECT_REASON, DataTypes.StringType)
                .add(Columns.LOCAL_DATE, DataTypes.DateType),
            new Object[] {"c2", "login", T, null, oct5},
            new Object[] {"c2 ", "login", T, whitespace, oct5},
            new Object[] {"\tc2", "login", T, whitespace, oct5},
            new Object[] {"c2\n", "login", T, whitespace, oct5}),
        ScoringPipeline.dateEvents(
            validated,
            new DateSpan(oct5.toLocalDate(), oct5.toLocalDate()),
            ZoneId.of("UTC"),
            new RejectTagger.Checks(
                Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"),
                CustomerIdWhitespace.REJECT)));
  }

  @Test
  void anIdOfWhitespaceOnlyIsMissingInEveryMode() {
    Object[][] blank = {
      {" ", "login", T}, {"\t", "login", T}, {"\r\n", "login", T}, {"", "login", T}
    };
    for (CustomerIdWhitespace mode : CustomerIdWhitespace.values()) {
      assertThat(
              validate(df(CANONICAL, blank), ids(mode, false))
                  .filter(col(Columns.CUSTOMER_ID).isNull())
                  .count())
          .as("null customer ids in mode %s", mode)
          .isEqualTo(4);
    }
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
  void integerCustomerIdsAreRefusedUnlessEventsCustomerIdIntegersIsTrue() {
    StructType longIds = withCustomerType(DataTypes.LongType);
    assertThatThrownBy(() -> validate(df(longIds), ids(CustomerIdWhitespace.WARN, false)))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'customer_id' (used as customer_id) has type BIGINT; expected [STRING]."
                + " To score integer ids as their decimal text (42 -> \"42\"), set"
                + " events.customer_id_integers = true; or cast the column to STRING upstream.");
    assertThatThrownBy(
            () ->
                validate(
                    df(withCustomerType(DataTypes.IntegerType)),
                    ids(CustomerIdWhitespace.WARN, false)))
        .hasMessageStartingWith(
            "Events column 'customer_id' (used as customer_id) has type INT; expected [STRING].")
        .hasMessageContaining("set events.customer_id_integers = true");
    JobSettings.Events integers = ids(CustomerIdWhitespace.WARN, true);
    assertDataFrameNoOrderEquals(
        df(CANONICAL, new Object[] {"42", "login", T}, new Object[] {"-7", "login", T}),
        validate(
            df(longIds, new Object[] {42L, "login", T}, new Object[] {-7L, "login", T}), integers));
    assertDataFrameNoOrderEquals(
        df(CANONICAL, new Object[] {"7", "login", T}),
        validate(
            df(withCustomerType(DataTypes.ShortType), new Object[] {(short) 7, "login", T}),
            integers));
    assertThatThrownBy(() -> validate(df(withCustomerType(DataTypes.DoubleType)), integers))
        .hasMessage(
            "Events column 'customer_id' (used as customer_id) has type DOUBLE; expected [STRING,"
                + " BIGINT, INT, SMALLINT]. Cast it upstream or point events.customer_column at a"
                + " column of that type.");
  }

  /** The canonical columns with a customer id of this type. */
  private static StructType withCustomerType(DataType type) {
    return new StructType()
        .add(Columns.CUSTOMER_ID, type)
        .add(Columns.EVENT_TYPE, DataTypes.StringType)
        .add(Columns.EVENT_TS, DataTypes.TimestampType);
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
        validate(df(source, row), source("customer_id", "event_type", "event_ts", "Asia/Tokyo")));
    assertDataFrameNoOrderEquals(
        df(
            CANONICAL,
            new Object[] {"c1", "login", Timestamp.from(Instant.parse("2026-11-01T05:00:00Z"))}),
        validate(df(source, row), source("customer_id", "event_type", "event_ts", "UTC")));
  }

  @Test
  void missingOrMistypedColumnsNameTheColumnAndTheFix() {
    StructType source =
        new StructType()
            .add("customer_id", DataTypes.LongType)
            .add("event_type", DataTypes.StringType)
            .add("ts", DataTypes.TimestampType);
    JobSettings.Events defaults = source("customer_id", "event_type", "event_ts", "UTC");
    assertThatThrownBy(() -> validate(df(source), source("customer_id", "event_type", "ts", "UTC")))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'customer_id' (used as customer_id) has type BIGINT; expected [STRING]."
                + " To score integer ids as their decimal text (42 -> \"42\"), set"
                + " events.customer_id_integers = true; or cast the column to STRING upstream.");
    StructType noTime =
        new StructType()
            .add("customer_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType);
    assertThatThrownBy(() -> validate(df(noTime), defaults))
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
        validate(
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
            defaults.timeEncoding(),
            defaults.idScope(),
            defaults.uniqueIds());
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.EVENTS.add(Columns.ACCOUNT_ID, DataTypes.StringType),
            new Object[] {"c1", "login", t, "7"},
            new Object[] {"c2", "login", t, null}),
        validate(
            df(source, new Object[] {"c1", "login", t, 7L}, new Object[] {"c2", "login", t, null}),
            withAccount));
    StructType strings = TestSchemas.EVENTS.add("org_id", DataTypes.StringType);
    assertThat(
            validate(df(strings, new Object[] {"c1", "login", t, " "}), withAccount)
                .first()
                .isNullAt(3))
        .as("a blank account id is no account")
        .isTrue();
    StructType mistyped = TestSchemas.EVENTS.add("org_id", DataTypes.DoubleType);
    assertThatThrownBy(() -> validate(df(mistyped), withAccount))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'org_id' (used as account_id) has type DOUBLE; expected [STRING,"
                + " BIGINT, INT]. Cast it upstream or point events.account_column at a column of"
                + " that type.");
    // Without the setting the column is not carried: the default plan is unchanged.
    assertThat(validate(df(source), defaults).columns())
        .containsExactly("customer_id", "event_type", "event_ts");
  }
}
