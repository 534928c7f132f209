package dev.engagement.score.maintain;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.engagement.score.core.table.PathConflicts;
import dev.engagement.score.core.table.TableLocation;
import dev.engagement.score.core.table.TableMetadata;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One table's OPTIMIZE and VACUUM, and what they did. */
final class TableMaintenance {
  /** Delta records VACUUM START and VACUUM END commits with their metrics when this is on. */
  static final String VACUUM_LOGGING = "spark.databricks.delta.vacuum.logging.enabled";

  private TableMaintenance() {}

  /**
   * What maintenance did to one table.
   *
   * @param setting the setting that names it, e.g. {@code output.path}
   * @param path the qualified path, or a managed table's name
   * @param status {@code maintained}, or {@code absent} for a table no run has written yet
   * @param filesCompacted small files OPTIMIZE replaced (0: nothing to compact)
   * @param filesWritten files OPTIMIZE wrote in their place
   * @param filesVacuumed files VACUUM deleted
   * @param version the table's version afterwards (null when absent)
   */
  record Result(
      String setting,
      String path,
      String status,
      @JsonProperty("files_compacted") long filesCompacted,
      @JsonProperty("files_written") long filesWritten,
      @JsonProperty("files_vacuumed") long filesVacuumed,
      Long version) {}

  /** A table to maintain: where it is, whether it exists, and its own retention, if set. */
  record Table(
      PathConflicts.Written use, TableLocation table, boolean exists, Optional<String> retention) {
    static Table of(SparkSession spark, PathConflicts.Written use) {
      TableLocation table = use.table().qualified(spark);
      boolean exists = table.requireDeltaOrNew(spark, use.setting(), use.setting(), "Delta table");
      Optional<String> retention =
          exists
              ? Optional.ofNullable(
                  TableMetadata.of(spark, table).properties().get(Retention.TABLE_PROPERTY))
              : Optional.empty();
      return new Table(use, table, exists, retention);
    }

    Result absent() {
      return new Result(use.setting(), table.toString(), "absent", 0, 0, 0, null);
    }
  }

  /** OPTIMIZE (bin-packing each partition's small files), then VACUUM with {@code hours}. */
  static Result maintain(SparkSession spark, Table table, int hours) {
    String name = table.table().sql();
    Row metrics = spark.sql("OPTIMIZE " + name).first().getStruct(1);
    spark.sql("VACUUM " + name + " RETAIN " + hours + " HOURS");
    Row vacuumEnd = spark.sql("DESCRIBE HISTORY " + name + " LIMIT 1").first();
    String operation = vacuumEnd.getAs("operation");
    if (!"VACUUM END".equals(operation)) {
      throw new IllegalStateException(
          "Expected VACUUM's own commit after VACUUM on " + table.table() + ", found " + operation);
    }
    Map<String, String> vacuum = vacuumEnd.getJavaMap(vacuumEnd.fieldIndex("operationMetrics"));
    return new Result(
        table.use().setting(),
        table.table().toString(),
        "maintained",
        metrics.<Long>getAs("numFilesRemoved"),
        metrics.<Long>getAs("numFilesAdded"),
        Long.parseLong(vacuum.getOrDefault("numDeletedFiles", "0")),
        TableMetadata.of(spark, table.table()).version());
  }
}
