package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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

  /** The table's rows. */
  Dataset<Row> read(SparkSession spark);

  /** The table's rows as of {@code version} (Delta time travel). */
  Dataset<Row> read(SparkSession spark, long version);

  /** The table as Spark SQL names it, for DESCRIBE, ALTER TABLE and OPTIMIZE. */
  String sql();

  /** Ends {@code writer} by writing the table: {@code save(path)} or {@code saveAsTable(name)}. */
  void save(DataFrameWriter<Row> writer);

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
    public void save(DataFrameWriter<Row> writer) {
      writer.save(location);
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
                + ", not a Delta table; refusing to write to it. Choose another "
                + CATALOG_TABLE
                + ".");
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

    @Override
    public void save(DataFrameWriter<Row> writer) {
      writer.saveAsTable(sql());
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
