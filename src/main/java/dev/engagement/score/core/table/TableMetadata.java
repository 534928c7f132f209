package dev.engagement.score.core.table;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * A Delta table's latest version and its layout as that commit states it: columns, partitioning,
 * properties and comment. Read from the snapshot's metadata, which Delta keeps in each commit's
 * checksum file: no Spark job, where {@code DeltaTable.detail()} rebuilds the table's list of files
 * (three jobs) to report their number and size, which the job never needs.
 */
public record TableMetadata(
    long version,
    StructType schema,
    List<String> partitionColumns,
    Map<String, String> properties,
    String description) {

  /** The metadata of the table at {@code path} (qualified), which must be a Delta table. */
  public static TableMetadata of(SparkSession spark, String path) {
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
