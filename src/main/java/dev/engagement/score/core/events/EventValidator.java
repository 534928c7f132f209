package dev.engagement.score.core.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import dev.engagement.score.config.ConfigKeys;
import dev.engagement.score.config.CustomerIdWhitespace;
import dev.engagement.score.config.JobSettings;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.UserInputException;
import java.time.ZoneId;
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
 * account_id} (as a string). Event times are decoded as {@code events.time_encoding} says ({@link
 * EventTimes}). Customer ids are text (integers only with {@code events.customer_id_integers}),
 * stripped of outer whitespace with {@code events.customer_id_whitespace = trim}; ids of whitespace
 * only become null (counted, never scored), and so do blank account ids (the customer is scored,
 * its account unknown).
 */
public final class EventValidator {
  private EventValidator() {}

  /**
   * Java regex {@code \s}, the whitespace of {@code events.customer_id_whitespace}: Spark's one-
   * argument {@code trim} strips spaces only, and a tab or a line break is as invisible.
   */
  private static final String WHITESPACE = " \t\n\u000B\f\r";

  /** The integer types {@code events.customer_id_integers} accepts as customer ids. */
  private static final List<DataType> INTEGER_IDS =
      List.of(DataTypes.LongType, DataTypes.IntegerType, DataTypes.ShortType);

  /**
   * @param businessZone the {@code timezone} setting: a DATE event time is the start of its day
   *     there
   */
  public static Dataset<Row> validate(
      Dataset<Row> events, JobSettings.Events source, ZoneId businessZone) {
    StructType schema = events.schema();
    Column customer = customerId(schema, source);
    requireType(schema, source.typeColumn(), Columns.EVENT_TYPE, DataTypes.StringType);
    Column time = EventTimes.instant(schema, source, businessZone);
    List<Column> columns =
        new ArrayList<>(
            List.of(
                customer.as(Columns.CUSTOMER_ID),
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

  /** The customer id as text, stripped in trim mode; null when it is whitespace only. */
  private static Column customerId(StructType schema, JobSettings.Events source) {
    String name = source.customerColumn();
    DataType type = field(schema, name, Columns.CUSTOMER_ID).dataType();
    boolean integer = INTEGER_IDS.contains(type);
    if (integer && !source.customerIdIntegers()) {
      // Explicit, because ids kept as text elsewhere ("007" in the customer dimension) would not
      // match the integer's text ("7").
      throw mistyped(
          name,
          Columns.CUSTOMER_ID,
          type,
          List.of(DataTypes.StringType),
          ". To score integer ids as their decimal text (42 -> \"42\"), set "
              + ConfigKeys.EVENTS_CUSTOMER_ID_INTEGERS
              + " = true; or cast the column to STRING upstream.");
    }
    if (!integer && !type.equals(DataTypes.StringType)) {
      List<DataType> accepted = new ArrayList<>(List.of(DataTypes.StringType));
      if (source.customerIdIntegers()) {
        accepted.addAll(INTEGER_IDS);
      }
      throw mistyped(name, Columns.CUSTOMER_ID, type, accepted, castOrRepoint(Columns.CUSTOMER_ID));
    }
    Column id = integer ? col(name).cast(DataTypes.StringType) : col(name);
    Column stripped = trim(id, WHITESPACE);
    Column kept = source.customerIdWhitespace() == CustomerIdWhitespace.TRIM ? stripped : id;
    return when(stripped.notEqual(""), kept);
  }

  /** The events' column {@code column}, used as {@code role}; refused when missing. */
  static StructField field(StructType schema, String column, String role) {
    return Arrays.stream(schema.fields())
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
  }

  private static void requireType(
      StructType schema, String column, String role, DataType... accepted) {
    DataType type = field(schema, column, role).dataType();
    if (!Arrays.asList(accepted).contains(type)) {
      throw mistyped(column, role, type, Arrays.asList(accepted), castOrRepoint(role));
    }
  }

  /**
   * The column's type is not one of {@code accepted}.
   *
   * @param fix what follows the expected types, from its first character
   */
  static UserInputException mistyped(
      String column, String role, DataType found, List<DataType> accepted, String fix) {
    return new UserInputException(
        "Events column '"
            + column
            + "' (used as "
            + role
            + ") has type "
            + found.sql()
            + "; expected "
            + accepted.stream().map(DataType::sql).toList()
            + fix);
  }

  /** The fix of a column of another type altogether. */
  static String castOrRepoint(String role) {
    return ". Cast it upstream or point events."
        + configKeyFor(role)
        + " at a column of that type.";
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
