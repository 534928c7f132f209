package dev.engagement.score.core.table;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A Delta table's latest version and its layout as that commit states it: columns, partitioning,
 * properties and comment.
 *
 * <p>A table at a path is read from the snapshot's metadata, which Delta keeps in each commit's
 * checksum file: no Spark job, where {@code DESCRIBE DETAIL} may rebuild the table's list of files
 * (three jobs) to report their number and size, which the job never needs. That snapshot is open
 * Delta's own class: a managed table, reached by name, and any table where open Delta's classes are
 * absent (Databricks runtimes ship their own Delta build) are read through Spark SQL instead:
 * {@code DESCRIBE DETAIL} and {@code DESCRIBE HISTORY}.
 */
public record TableMetadata(
    long version,
    StructType schema,
    List<String> partitionColumns,
    Map<String, String> properties,
    String description) {

  /** Whether open Delta's snapshot classes are on the classpath. */
  private static final boolean OPEN_DELTA = openDelta();

  /** The metadata of the table at {@code location} (qualified), which must be a Delta table. */
  public static TableMetadata of(SparkSession spark, TableLocation location) {
    return location
        .path()
        .filter(path -> OPEN_DELTA)
        .map(path -> OpenDelta.of(spark, path))
        .orElseGet(() -> ofSql(spark, location.sql()));
  }

  /** {@code DESCRIBE DETAIL} of {@code table} (as SQL names it): format, location, properties. */
  static Row detail(SparkSession spark, String table) {
    return spark.sql("DESCRIBE DETAIL " + table).first();
  }

  /** Through Spark SQL, {@code table} as SQL names it. */
  static TableMetadata ofSql(SparkSession spark, String table) {
    Row detail = detail(spark, table);
    long version = spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").first().getLong(0);
    return new TableMetadata(
        version,
        spark.read().table(table).schema(),
        List.copyOf(detail.<String>getList(detail.fieldIndex("partitionColumns"))),
        Map.copyOf(detail.<String, String>getJavaMap(detail.fieldIndex("properties"))),
        detail.getAs("description"));
  }

  /** Open Delta's snapshot, in a class of its own: loaded only where those classes exist. */
  private static final class OpenDelta {
    static TableMetadata of(SparkSession spark, String path) {
      Snapshot snapshot =
          DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
      Metadata metadata = snapshot.metadata();
      return new TableMetadata(
          snapshot.version(),
          metadata.schema(),
          List.copyOf(JavaConverters.seqAsJavaList(metadata.partitionColumns())),
          Map.copyOf(JavaConverters.mapAsJavaMap(metadata.configuration())),
          metadata.description());
    }
  }

  private static boolean openDelta() {
    try {
      Class.forName(
          "org.apache.spark.sql.delta.DeltaLog", false, TableMetadata.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
