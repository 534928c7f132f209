package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The checks of a table the job only appends to (the audit table, the rejects and the restatement
 * log), made before any work: the path is new, or a Delta table whose columns are all of {@code
 * schema} (an older version of it lacks the columns added since, which an append adds). Appending
 * to anything else would add this job's columns to someone else's table.
 */
public final class AppendTable {
  private AppendTable() {}

  /**
   * @param role how messages name it, e.g. "audit"
   * @param setting where the user sets its path, e.g. "audit.path"
   * @param kind what it is, e.g. "audit table"
   * @return the table, fully qualified
   */
  public static TableLocation check(
      SparkSession spark,
      TableLocation table,
      StructType schema,
      String role,
      String setting,
      String kind) {
    TableLocation qualified = table.qualified(spark);
    if (qualified.requireDeltaOrNew(spark, role, setting, kind)) {
      List<String> expected = columns(schema);
      List<String> found = columns(qualified.read(spark).schema());
      if (!expected.containsAll(found)) {
        throw new UserInputException(
            "The "
                + role
                + " table "
                + qualified
                + " is not "
                + (kind.matches("[aeiou].*") ? "an " : "a ")
                + kind
                + " of this job: it has columns "
                + found
                + "; expected some of "
                + expected
                + ". "
                + qualified.fix(setting));
      }
    }
    return qualified;
  }

  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().sql()).toList();
  }
}
