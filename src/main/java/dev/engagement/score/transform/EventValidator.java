package dev.engagement.score.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.Columns;
import dev.engagement.score.UserInputException;
import dev.engagement.score.config.JobSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks the events' schema and maps the configured source columns onto the canonical {@code
 * customer_id}, {@code event_type}, {@code event_ts} and, when the events have the configured id
 * column, {@code event_id} (as a string), and, when {@code events.account_column} is set, {@code
 * account_id} (as a string). TIMESTAMP_NTZ times are read as wall-clock times in {@code
 * events.ntz_timezone}; blank customer ids become null (counted, never scored), and so do blank
 * account ids (the customer is scored, its account unknown).
 */
public final class EventValidator {
  private EventValidator() {}

  /**
   * Java regex {@code \s}, the whitespace of {@code events.customer_id_whitespace}: Spark's one-
   * argument {@code trim} strips spaces only, and a tab or a line break is as invisible.
   */
  private static final String WHITESPACE = " \t\n\u000B\f\r";

  public static Dataset<Row> validate(Dataset<Row> events, JobSettings.Events source) {
    StructType schema = events.schema();
    requireType(schema, source.customerColumn(), Columns.CUSTOMER_ID, DataTypes.StringType);
    requireType(schema, source.typeColumn(), Columns.EVENT_TYPE, DataTypes.StringType);
    DataType timeType =
        requireType(
            schema,
            source.timeColumn(),
            Columns.EVENT_TS,
            DataTypes.TimestampType,
            DataTypes.TimestampNTZType);

    Column customer = col(source.customerColumn());
    Column time = col(source.timeColumn());
    if (timeType.equals(DataTypes.TimestampNTZType)) {
      // The session runs in UTC, so the cast reads the wall clock as UTC; then shift to the zone.
      time = to_utc_timestamp(time.cast(DataTypes.TimestampType), source.ntzTimezone().getId());
    }
    List<Column> columns =
        new ArrayList<>(
            List.of(
                when(trim(customer).notEqual(""), customer).as(Columns.CUSTOMER_ID),
                col(source.typeColumn()).as(Columns.EVENT_TYPE),
                time.as(Columns.EVENT_TS)));
    source
        .idColumn()
        .filter(id -> Arrays.asList(schema.fieldNames()).contains(id))
        .ifPresent(
            id -> {
              requireType(
                  schema,
                  id,
                  Columns.EVENT_ID,
                  DataTypes.StringType,
                  DataTypes.LongType,
                  DataTypes.IntegerType);
              columns.add(col(id).cast(DataTypes.StringType).as(Columns.EVENT_ID));
            });
    // Only when configured, so that the default plan carries no extra column.
    source
        .accountColumn()
        .ifPresent(
            name -> {
              requireType(
                  schema,
                  name,
                  Columns.ACCOUNT_ID,
                  DataTypes.StringType,
                  DataTypes.LongType,
                  DataTypes.IntegerType);
              Column account = col(name).cast(DataTypes.StringType);
              columns.add(when(trim(account).notEqual(""), account).as(Columns.ACCOUNT_ID));
            });
    return events.select(columns.toArray(Column[]::new));
  }

  /**
   * Whether a customer id starts or ends with whitespace (regex {@code \s}); null for a null id:
   * what {@code events.customer_id_whitespace = warn} counts and {@code reject} rejects.
   */
  public static Column hasOuterWhitespace(Column id) {
    return id.notEqual(trim(id, WHITESPACE));
  }

  private static DataType requireType(
      StructType schema, String column, String role, DataType... accepted) {
    StructField field =
        Arrays.stream(schema.fields())
            .filter(f -> f.name().equals(column))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserInputException(
                        "The events have no column '"
                            + column
                            + "' (used as "
                            + role
                            + "); found "
                            + Arrays.toString(schema.fieldNames())
                            + ". Set events."
                            + configKeyFor(role)
                            + " to the right column name."));
    for (DataType t : accepted) {
      if (field.dataType().equals(t)) {
        return t;
      }
    }
    throw new UserInputException(
        "Events column '"
            + column
            + "' (used as "
            + role
            + ") has type "
            + field.dataType().sql()
            + "; expected "
            + Arrays.stream(accepted).map(DataType::sql).toList()
            + ". Cast it upstream or point events."
            + configKeyFor(role)
            + " at a column of that type.");
  }

  private static String configKeyFor(String role) {
    return switch (role) {
      case Columns.CUSTOMER_ID -> "customer_column";
      case Columns.EVENT_TYPE -> "type_column";
      case Columns.EVENT_ID -> "id_column";
      case Columns.ACCOUNT_ID -> "account_column";
      default -> "time_column";
    };
  }
}
