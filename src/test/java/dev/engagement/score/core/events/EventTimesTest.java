package dev.engagement.score.core.events;

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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@code events.time_encoding}: event times as epoch seconds, epoch milliseconds or dates. */
class EventTimesTest extends SparkTestBase {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

  private static final RejectTagger.Checks CHECKS =
      new RejectTagger.Checks(
          Instant.parse("2000-01-01T00:00:00Z"),
          Instant.parse("2027-01-01T00:00:00Z"),
          CustomerIdWhitespace.WARN);

  /** 2026-10-05T10:00:00Z. */
  private static final long SECONDS = 1_791_194_400L;

  private static JobSettings.Events encoded(TimeEncoding encoding) {
    return new JobSettings.Events(
        "/unused",
        SourceFormat.AUTO,
        "customer_id",
        "event_type",
        "event_ts",
        Optional.empty(),
        UTC,
        Optional.empty(),
        Instant.parse("2000-01-01T00:00:00Z"),
        1,
        Optional.empty(),
        CustomerIdWhitespace.WARN,
        false,
        encoding,
        IdScope.CUSTOMER,
        false);
  }

  /** The events' columns with a time of this type. */
  private static StructType withTime(DataType type) {
    return new StructType()
        .add(Columns.CUSTOMER_ID, DataTypes.StringType)
        .add(Columns.EVENT_TYPE, DataTypes.StringType)
        .add(Columns.EVENT_TS, type);
  }

  private static Timestamp at(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @Test
  void epochSecondsAndMillisAreReadWithTheirSetting() {
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.EVENTS,
            new Object[] {"c1", "login", at("2026-10-05T10:00:00Z")},
            new Object[] {"c2", "login", at("1970-01-01T00:00:00Z")},
            new Object[] {"c3", "login", null}),
        EventValidator.validate(
            df(
                withTime(DataTypes.LongType),
                new Object[] {"c1", "login", SECONDS},
                new Object[] {"c2", "login", 0L},
                new Object[] {"c3", "login", null}),
            encoded(TimeEncoding.EPOCH_SECONDS),
            UTC));
    assertDataFrameNoOrderEquals(
        df(TestSchemas.EVENTS, new Object[] {"c1", "login", at("2026-10-05T10:00:00Z")}),
        EventValidator.validate(
            df(withTime(DataTypes.IntegerType), new Object[] {"c1", "login", (int) SECONDS}),
            encoded(TimeEncoding.EPOCH_SECONDS),
            UTC));
    assertDataFrameNoOrderEquals(
        df(TestSchemas.EVENTS, new Object[] {"c1", "login", at("2026-10-05T10:00:00.123Z")}),
        EventValidator.validate(
            df(withTime(DataTypes.LongType), new Object[] {"c1", "login", SECONDS * 1000 + 123}),
            encoded(TimeEncoding.EPOCH_MILLIS),
            UTC));
  }

  @Test
  void anEpochTooLargeForATimestampIsOutOfRangeNotACrash() {
    // Nanoseconds read as seconds would overflow Spark's microseconds.
    Dataset<Row> tagged =
        EventValidator.validate(
                df(
                    withTime(DataTypes.LongType),
                    new Object[] {"c1", "login", Long.MAX_VALUE},
                    new Object[] {"c2", "login", Long.MIN_VALUE}),
                encoded(TimeEncoding.EPOCH_SECONDS),
                UTC)
            .transform(e -> RejectTagger.tagTimes(e, CHECKS.earliest(), CHECKS.latest()));
    assertThat(tagged.select(Columns.REJECT_REASON).distinct().collectAsList())
        .as("reject reasons")
        .extracting(r -> r.getString(0))
        .containsExactly(RejectReason.EVENT_TIME_OUT_OF_RANGE);
  }

  @Test
  void anIntegerTimeWithoutItsSettingNamesEventsTimeEncoding() {
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.LongType)), encoded(TimeEncoding.TIMESTAMP), UTC))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'event_ts' (used as event_ts) has type BIGINT; expected [TIMESTAMP,"
                + " TIMESTAMP_NTZ] for events.time_encoding = timestamp. If it holds epoch seconds"
                + " or milliseconds, set events.time_encoding = epoch_seconds or epoch_millis.");
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.IntegerType)), encoded(TimeEncoding.DATE), UTC))
        .hasMessage(
            "Events column 'event_ts' (used as event_ts) has type INT; expected [DATE] for"
                + " events.time_encoding = date. If it holds epoch seconds or milliseconds, set"
                + " events.time_encoding = epoch_seconds or epoch_millis.");
  }

  @Test
  void aTimestampOrDateWithAnEpochEncodingNamesItsOwnEncoding() {
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.TimestampType)),
                    encoded(TimeEncoding.EPOCH_SECONDS),
                    UTC))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'event_ts' (used as event_ts) has type TIMESTAMP; expected [BIGINT,"
                + " INT] for events.time_encoding = epoch_seconds. It holds timestamps: set"
                + " events.time_encoding = timestamp.");
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.TimestampNTZType)), encoded(TimeEncoding.DATE), UTC))
        .hasMessageEndingWith("It holds timestamps: set events.time_encoding = timestamp.");
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.DateType)), encoded(TimeEncoding.EPOCH_MILLIS), UTC))
        .hasMessage(
            "Events column 'event_ts' (used as event_ts) has type DATE; expected [BIGINT, INT]"
                + " for events.time_encoding = epoch_millis. If it holds each event's day, set"
                + " events.time_encoding = date.");
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.StringType)), encoded(TimeEncoding.EPOCH_MILLIS), UTC))
        .hasMessage(
            "Events column 'event_ts' (used as event_ts) has type STRING; expected [BIGINT, INT]"
                + " for events.time_encoding = epoch_millis. Cast it upstream or point"
                + " events.time_column at a column of that type.");
  }

  @Test
  void aDateIsTheStartOfThatDayInTheBusinessZoneAndLandsOnIt() {
    // Midnight UTC of October 5 would be 17:00 on October 4 in Los Angeles (UTC-7 in October).
    Date oct5 = Date.valueOf("2026-10-05");
    Dataset<Row> validated =
        EventValidator.validate(
            df(
                withTime(DataTypes.DateType),
                new Object[] {"c1", "login", oct5},
                new Object[] {"c2", "login", null}),
            encoded(TimeEncoding.DATE),
            LOS_ANGELES);
    Timestamp midnight = at("2026-10-05T07:00:00Z");
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.EVENTS,
            new Object[] {"c1", "login", midnight},
            new Object[] {"c2", "login", null}),
        validated);
    // The day assignment puts it on its date, October 5, not the day before.
    assertDataFrameNoOrderEquals(
        df(
            TestSchemas.EVENTS
                .add(Columns.REJECT_REASON, DataTypes.StringType)
                .add(Columns.LOCAL_DATE, DataTypes.DateType),
            new Object[] {"c1", "login", midnight, null, oct5},
            new Object[] {"c2", "login", null, RejectReason.MISSING_EVENT_TIME, null}),
        ScoringPipeline.dateEvents(
            validated,
            new DateSpan(LocalDate.parse("2026-10-04"), LocalDate.parse("2026-10-05")),
            LOS_ANGELES,
            CHECKS));
  }

  @Test
  void aDateWithoutItsSettingNamesEventsTimeEncodingDate() {
    assertThatThrownBy(
            () ->
                EventValidator.validate(
                    df(withTime(DataTypes.DateType)), encoded(TimeEncoding.TIMESTAMP), UTC))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Events column 'event_ts' (used as event_ts) has type DATE; expected [TIMESTAMP,"
                + " TIMESTAMP_NTZ] for events.time_encoding = timestamp. If it holds each event's"
                + " day, set events.time_encoding = date.");
  }
}
