package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;
import scala.collection.JavaConverters;

/**
 * Where one of the job's Delta tables is, and how Spark reaches it: at a path (the job's default;
 * an external table when it is also registered in a catalog), or by its name in a catalog that
 * manages its storage ({@code catalog.managed}: a managed table, as Unity Catalog creates by
 * default, whose files are never addressed by path). Chosen once, from the settings; every read and
 * write of the table goes through it.
 */
public sealed interface TableLocation {

  /** A table at {@code path}. */
  static TableLocation path(String path) {
    return new AtPath(path);
  }

  /** A managed table named {@code name} ({@code db.table} or {@code catalog.db.table}). */
  static TableLocation managed(String name) {
    return new Managed(name);
  }

  /** The path, for the checks of paths; empty for a managed table. */
  Optional<String> path();

  /** A table beside this one: the path or name with {@code suffix} ({@code _runs}). */
  TableLocation suffixed(String suffix);

  /** A path fully qualified ({@link StoragePath#qualify}); a name as it is. */
  TableLocation qualified(SparkSession spark);

  /** Whether the table exists (a Delta table at the path, or a table of that name). */
  boolean exists(SparkSession spark);

  /**
   * Before any work: whether the table exists, failing when what is there is not a Delta table
   * (someone else's files, or a table of another format).
   *
   * @param role how messages name the table, e.g. "output"
   * @param setting where the user sets it, e.g. "output.path (--output)"
   * @param kind what it should be, e.g. "score table"
   */
  boolean requireDeltaOrNew(SparkSession spark, String role, String setting, String kind);

  /**
   * The end of a message refusing this table: how to point the job at another one, {@code setting}
   * naming where its path is set.
   */
  String fix(String setting);

  /** The table's rows. */
  Dataset<Row> read(SparkSession spark);

  /** The table's rows as of {@code version} (Delta time travel). */
  Dataset<Row> read(SparkSession spark, long version);

  /** The table as Spark SQL names it, for DESCRIBE, ALTER TABLE and OPTIMIZE. */
  String sql();

  /**
   * How a write lays out the table when it creates it: its partition columns and the properties it
   * starts with (protocol, CHECK constraints). Delta ignores them when the table exists.
   */
  record Creation(List<String> partitionBy, Map<String, String> properties) {
    public static Creation partitionedBy(String... columns) {
      return new Creation(List.of(columns), Map.of());
    }
  }

  /** Appends {@code rows} with Delta's write {@code options}; a missing table is created. */
  void append(Dataset<Row> rows, Creation creation, Map<String, String> options);

  /**
   * Replaces, in one commit, the rows that match {@code predicate} with {@code rows} (all of which
   * match it); a missing table is created with them.
   */
  void replace(Dataset<Row> rows, String predicate, Creation creation, Map<String, String> options);

  /** A Delta table at a path. */
  record AtPath(String location) implements TableLocation {
    @Override
    public Optional<String> path() {
      return Optional.of(location);
    }

    @Override
    public TableLocation suffixed(String suffix) {
      return new AtPath(location + suffix);
    }

    @Override
    public TableLocation qualified(SparkSession spark) {
      return new AtPath(StoragePath.qualify(spark, location));
    }

    @Override
    public boolean exists(SparkSession spark) {
      return StoragePath.isDelta(spark, location);
    }

    @Override
    public boolean requireDeltaOrNew(SparkSession spark, String role, String setting, String kind) {
      return StoragePath.requireDeltaOrNew(spark, location, role, setting, kind);
    }

    @Override
    public String fix(String setting) {
      return "Point " + setting + " at a new path or at a table of this job.";
    }

    @Override
    public Dataset<Row> read(SparkSession spark) {
      return spark.read().format("delta").load(location);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, long version) {
      return spark.read().format("delta").option("versionAsOf", version).load(location);
    }

    @Override
    public String sql() {
      return "delta.`" + location.replace("`", "``") + "`";
    }

    @Override
    public void append(Dataset<Row> rows, Creation creation, Map<String, String> options) {
      writer(rows, creation, options).mode(SaveMode.Append).save(location);
    }

    @Override
    public void replace(
        Dataset<Row> rows, String predicate, Creation creation, Map<String, String> options) {
      writer(rows, creation, options)
          .mode(SaveMode.Overwrite)
          .option("replaceWhere", predicate)
          .save(location);
    }

    private static DataFrameWriter<Row> writer(
        Dataset<Row> rows, Creation creation, Map<String, String> options) {
      return rows.write()
          .format("delta")
          .partitionBy(creation.partitionBy().toArray(String[]::new))
          .options(options)
          .options(creation.properties());
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** A managed Delta table, reached by its name only. */
  record Managed(String name) implements TableLocation {
    /** The setting a managed table's name comes from (its companions' names follow it). */
    private static final String CATALOG_TABLE = "catalog.table";

    @Override
    public Optional<String> path() {
      return Optional.empty();
    }

    @Override
    public TableLocation suffixed(String suffix) {
      return new Managed(name + suffix);
    }

    @Override
    public TableLocation qualified(SparkSession spark) {
      return this;
    }

    @Override
    public boolean exists(SparkSession spark) {
      return spark.catalog().tableExists(name);
    }

    @Override
    public boolean requireDeltaOrNew(SparkSession spark, String role, String setting, String kind) {
      if (!exists(spark)) {
        return false;
      }
      boolean view = isView(spark);
      String format = view ? "view" : TableMetadata.detail(spark, sql()).getAs("format");
      if (!"delta".equalsIgnoreCase(format)) {
        throw new UserInputException(
            "The "
                + role
                + " table "
                + name
                + " is "
                + (view ? "a view" : "a " + format + " table")
                + ", not a Delta table; refusing to write to it. "
                + fix(setting));
      }
      return true;
    }

    private boolean isView(SparkSession spark) {
      try {
        return spark.catalog().getTable(name).tableType().contains("VIEW");
      } catch (AnalysisException e) { // it exists: asked just before
        throw new IllegalStateException("Cannot look up " + name + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String fix(String setting) {
      return "Choose another " + CATALOG_TABLE + ".";
    }

    @Override
    public Dataset<Row> read(SparkSession spark) {
      return spark.read().table(name);
    }

    @Override
    public Dataset<Row> read(SparkSession spark, long version) {
      return spark.read().option("versionAsOf", version).table(name);
    }

    @Override
    public String sql() {
      return CatalogTable.quoted(name);
    }

    /*
     * Spark's DataFrameWriterV2, never DataFrameWriter.saveAsTable: where Spark does not resolve
     * Delta as a V2 source, saveAsTable falls back to its V1 path, whose overwrite of an existing
     * table drops it (deleting a managed table's files) and creates it anew. These fail instead.
     */

    @Override
    public void append(Dataset<Row> rows, Creation creation, Map<String, String> options) {
      if (exists(rows.sparkSession()) || !created(rows, creation, options)) {
        try {
          rows.writeTo(sql()).options(options).append();
        } catch (NoSuchTableException e) {
          throw dropped(e);
        }
      }
    }

    @Override
    public void replace(
        Dataset<Row> rows, String predicate, Creation creation, Map<String, String> options) {
      if (exists(rows.sparkSession()) || !created(rows, creation, options)) {
        try {
          rows.writeTo(sql()).options(options).overwrite(functions.expr(predicate));
        } catch (NoSuchTableException e) {
          throw dropped(e);
        }
      }
    }

    /** The table was dropped after the run checked it: never created anew by a write. */
    private IllegalStateException dropped(NoSuchTableException e) {
      return new IllegalStateException(name + " was dropped while the run wrote to it", e);
    }

    /**
     * Creates the table with {@code rows}, in one commit; false when another writer created it
     * first (then the caller writes to it).
     */
    private boolean created(Dataset<Row> rows, Creation creation, Map<String, String> options) {
      CreateTableWriter<Row> writer = rows.writeTo(sql()).options(options).using("delta");
      for (Map.Entry<String, String> property : creation.properties().entrySet()) {
        writer = writer.tableProperty(property.getKey(), property.getValue());
      }
      List<String> columns = creation.partitionBy();
      if (!columns.isEmpty()) {
        writer =
            writer.partitionedBy(
                functions.col(columns.get(0)),
                JavaConverters.asScalaBuffer(
                        columns.subList(1, columns.size()).stream().map(functions::col).toList())
                    .toList());
      }
      try {
        writer.create();
        return true;
      } catch (TableAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
