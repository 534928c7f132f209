package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The score table's name in Spark's catalog (a Hive metastore, Glue, Unity Catalog: whatever the
 * session is configured with), pointing at its path, so BI tools find it by name with its column
 * comments and table properties. The Delta log stays the source of truth: the catalog entry holds
 * only the name and the location.
 */
public final class CatalogTable {
  private CatalogTable() {}

  /** Before any work: fails when the name is taken by a table elsewhere or its database is gone. */
  public static void check(SparkSession spark, String name, String path) {
    String database = name.substring(0, Math.max(0, name.lastIndexOf('.')));
    if (!database.isEmpty() && !spark.catalog().databaseExists(database)) {
      throw new UserInputException(
          "catalog.table "
              + name
              + ": the database "
              + database
              + " does not exist. Create it (CREATE DATABASE "
              + database
              + ") or fix catalog.table.");
    }
    if (spark.catalog().tableExists(name)) {
      Row detail = spark.sql("DESCRIBE DETAIL " + quoted(name)).first();
      String location = detail.getString(detail.fieldIndex("location"));
      if (!path.equals(location)) {
        throw new UserInputException(
            "catalog.table "
                + name
                + " already names the table at "
                + location
                + ", not the output "
                + path
                + ". Choose another catalog.table, or drop that entry if it is stale.");
      }
    }
  }

  /** Registers the table under {@code name} if it is not registered yet (after {@link #check}). */
  public static void register(SparkSession spark, String name, String path) {
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + quoted(name)
            + " USING DELTA LOCATION "
            + ScoreTable.sqlString(path));
  }

  /** {@code name} as Spark SQL names it: each part in backticks. */
  public static String quoted(String name) {
    return Arrays.stream(name.split("\\."))
        .map(p -> "`" + p + "`")
        .collect(Collectors.joining("."));
  }
}
