package dev.engagement.score.core.table;

import static org.apache.spark.sql.functions.col;

import dev.engagement.score.config.JobSettings;
import dev.engagement.score.core.scoring.OutputRows;
import dev.engagement.score.model.Columns;
import dev.engagement.score.model.Period;
import dev.engagement.score.model.UserInputException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scored Delta table, partitioned by {@code period_start}. A run replaces exactly the rows of
 * its periods (one atomic {@code replaceWhere} commit on period kind and start), so reruns are
 * idempotent and other periods are untouched. The table stays at reader protocol 1: no deletion
 * vectors, no TIMESTAMP_NTZ; writer protocol 3 for its CHECK constraints. Column comments and table
 * properties (schema version; job version and weights of the latest run) travel in the Delta log,
 * so every reader and catalog sees them.
 */
public final class ScoreTable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreTable.class);

  /** What a write committed. */
  public record WriteResult(String path, long version, long rowsWritten) {}

  /**
   * CHECK constraints that hold whatever the configuration: Delta rejects a commit that breaks
   * them, from this job or any other writer. They need writer protocol 3; readers stay at 1.
   */
  public static final Map<String, String> CONSTRAINTS =
      Map.of(
          "customer_id_present", "customer_id IS NOT NULL",
          "event_count_not_negative", "event_count >= 0",
          "raw_score_present", "raw_score IS NOT NULL",
          "period_in_order", "period_end >= period_start",
          "tier_present", "tier IS NOT NULL");

  /** Table property: {@link OutputRows#SCHEMA_VERSION}. */
  public static final String SCHEMA_VERSION_PROPERTY = "engagement.schema_version";

  /** Table property: the version of the job that wrote the latest run. */
  public static final String JOB_VERSION_PROPERTY = "engagement.job_version";

  /** Table property: SHA-256 of the weights the latest run used. */
  public static final String WEIGHTS_HASH_PROPERTY = "engagement.weights_hash";

  static final String COMMENT =
      "Weighted engagement score per customer and period, written by the engagement-score job";

  private static final String CONSTRAINT_PROPERTY = "delta.constraints.";

  /**
   * The operations of a data commit: a write, or a managed table's creation with its first rows
   * (Spark's DataFrameWriterV2).
   */
  private static final Object[] DATA_COMMITS = {"WRITE", "CREATE TABLE AS SELECT"};

  /** How far back in the history to look for this run's commit (concurrent runs are few). */
  private static final int HISTORY_SEARCH = 100;

  /**
   * A table written the way the score table is (partitioned by {@code period_start}, a run
   * replacing its periods): its columns, comment, CHECK constraints and schema version, and how
   * messages name it ({@code role} "output", {@code kind} "score table", {@code setting} the key
   * that sets its path). Companion tables such as the account table have their own. A table with
   * the first {@code firstColumns} columns of the schema, or more, was written by an earlier schema
   * version and is upgraded in place.
   */
  public record Layout(
      StructType schema,
      String comment,
      Map<String, String> constraints,
      int schemaVersion,
      int firstColumns,
      String role,
      String kind,
      String setting) {
    /**
     * This layout with {@code columns} after its own: the columns a feature adds to the score table
     * ({@code top_drivers}), added to an existing table by the write.
     */
    public Layout withColumns(List<StructField> columns) {
      StructType wider = schema;
      for (StructField column : columns) {
        wider = wider.add(column);
      }
      return new Layout(
          wider, comment, constraints, schemaVersion, firstColumns, role, kind, setting);
    }
  }

  /** The score table. */
  public static final Layout SCORES =
      new Layout(
          OutputRows.SCHEMA,
          COMMENT,
          CONSTRAINTS,
          OutputRows.SCHEMA_VERSION,
          OutputRows.VERSION_1_COLUMNS,
          "output",
          "score table",
          "output.path (--output)");

  private ScoreTable() {}

  /**
   * Where the score table is: {@code catalog.table}, a managed table, with {@code catalog.managed};
   * otherwise {@code output.path}. Not yet qualified.
   */
  public static TableLocation location(JobSettings settings) {
    return settings.managedTable()
        ? TableLocation.managed(settings.catalogTable().orElseThrow())
        : TableLocation.path(settings.outputPath());
  }

  /**
   * Checks, before any work, that the table is new or a table of {@code layout} this job can write:
   * never someone else's files or table. Returns it fully qualified.
   */
  public static TableLocation check(SparkSession spark, TableLocation table, Layout layout) {
    TableLocation qualified = table.qualified(spark);
    if (qualified.requireDeltaOrNew(spark, layout.role(), layout.setting(), layout.kind())) {
      requireCompatible(TableMetadata.of(spark, qualified), qualified, layout);
    }
    return qualified;
  }

  /** {@link #check(SparkSession, TableLocation, Layout)} of a companion table at a path. */
  public static String check(SparkSession spark, String path, Layout layout) {
    return check(spark, TableLocation.path(path), layout).toString();
  }

  /** The table's current version, or -1 when it does not exist yet. */
  public static long version(SparkSession spark, TableLocation table) {
    return table.exists(spark) ? TableMetadata.of(spark, table).version() : -1;
  }

  /**
   * Replaces the rows of {@code periods} with {@code rows} in one commit tagged with {@code runId},
   * creating the table first when it is missing, then records {@code labels} (job version, weights
   * hash) as table properties when they changed. {@code table} comes from {@link #check}. A commit
   * that loses a race with another writer (Delta's optimistic concurrency: a run for the same
   * periods, or two runs creating the table) is retried on the new table version, so concurrent
   * runs for one period end with one run's complete result, never a mix.
   */
  public static WriteResult write(
      Dataset<Row> rows,
      TableLocation table,
      List<Period> periods,
      String runId,
      Map<String, String> labels,
      Layout layout) {
    SparkSession spark = rows.sparkSession();
    DeltaCommits.withRetry(
        table.toString(),
        () -> {
          boolean exists = table.exists(spark);
          if (exists) {
            upgrade(spark, table, layout);
          }
          table.replace(
              rows.to(nullable(layout.schema())),
              replacePredicate(periods),
              // A new table is created by this commit, with its rows, so that a run that fails
              // never leaves an empty table behind (also where a killed run left a _delta_log
              // without commits). Delta applies these only when it creates the table.
              new TableLocation.Creation(
                  List.of(Columns.PERIOD_START), exists ? Map.of() : creationProperties(layout)),
              // Delta's optimized write: rows are shuffled by period before writing and binned
              // into files of up to 512 MiB, so a period is one file (or a few for huge ones)
              // whatever the number of shuffle partitions; without it, Spark writes one file per
              // shuffle partition and period (200 by default).
              Map.of("optimizeWrite", "true"));
        });
    Optional<Row> commit = commitOf(spark, table, runId);
    label(spark, table, labels, layout);
    return new WriteResult(
        table.toString(),
        commit.map(c -> c.getLong(0)).orElseGet(() -> version(spark, table)),
        commit
            .map(
                c ->
                    Long.parseLong(
                        c.<String, String>getJavaMap(1).getOrDefault("numOutputRows", "0")))
            .orElse(0L));
  }

  /** {@link #write(Dataset, TableLocation, List, String, Map, Layout)} to a companion's path. */
  public static WriteResult write(
      Dataset<Row> rows,
      String path,
      List<Period> periods,
      String runId,
      Map<String, String> labels,
      Layout layout) {
    return write(rows, TableLocation.path(path), periods, runId, labels, layout);
  }

  /**
   * This run's data commit, found by its tag ({@link RunSession}): another writer may have
   * committed since. Empty when Delta committed nothing (no rows to write over no rows).
   */
  private static Optional<Row> commitOf(SparkSession spark, TableLocation table, String runId) {
    List<Row> commits =
        spark
            .sql("DESCRIBE HISTORY " + table.sql() + " LIMIT " + HISTORY_SEARCH)
            .filter(col("userMetadata").equalTo(runId).and(col("operation").isin(DATA_COMMITS)))
            .select("version", "operationMetrics")
            .takeAsList(1);
    return commits.stream().findFirst();
  }

  /**
   * Sets the table's comment, schema version and {@code labels} (job version, weights hash) where
   * they differ: one metadata commit after a table's first write or when the job or the weights
   * changed, none otherwise (a metadata commit makes concurrent writers retry).
   */
  private static void label(
      SparkSession spark, TableLocation table, Map<String, String> labels, Layout layout) {
    DeltaCommits.withRetry(
        table.toString(),
        () -> {
          TableMetadata metadata = TableMetadata.of(spark, table);
          Map<String, String> current = new java.util.HashMap<>(metadata.properties());
          current.put(TableCatalog.PROP_COMMENT, metadata.description());
          Map<String, String> wanted = new java.util.TreeMap<>(labels);
          wanted.put(TableCatalog.PROP_COMMENT, layout.comment());
          wanted.put(SCHEMA_VERSION_PROPERTY, Integer.toString(layout.schemaVersion()));
          String changed =
              wanted.entrySet().stream()
                  .filter(e -> !e.getValue().equals(current.get(e.getKey())))
                  .map(e -> sqlString(e.getKey()) + " = " + sqlString(e.getValue()))
                  .collect(Collectors.joining(", "));
          if (!changed.isEmpty()) {
            spark.sql("ALTER TABLE " + table.sql() + " SET TBLPROPERTIES (" + changed + ")");
          }
        });
  }

  public static String sqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The rows a run owns: its period kind, from its first to its last period start. */
  public static String replacePredicate(List<Period> periods) {
    LocalDate first =
        periods.stream().map(Period::start).min(Comparator.naturalOrder()).orElseThrow();
    LocalDate last =
        periods.stream().map(Period::start).max(Comparator.naturalOrder()).orElseThrow();
    return String.format(
        "%s = '%s' AND %s >= DATE'%s' AND %s <= DATE'%s'",
        Columns.PERIOD_KIND,
        periods.get(0).kind(),
        Columns.PERIOD_START,
        first,
        Columns.PERIOD_START,
        last);
  }

  private static void requireCompatible(
      TableMetadata table, TableLocation location, Layout layout) {
    List<String> found = columns(table.schema());
    List<String> expected = columns(layout.schema());
    List<String> partitioning = table.partitionColumns();
    // A table of an earlier schema version holds a prefix of the columns: upgraded by the write.
    // Columns after the layout's were added by a feature (top_drivers) and are kept.
    List<String> own = found.subList(0, Math.min(found.size(), expected.size()));
    if (found.size() < layout.firstColumns()
        || !expected.subList(0, own.size()).equals(own)
        || !partitioning.equals(List.of(Columns.PERIOD_START))) {
      throw new UserInputException(
          "The "
              + layout.role()
              + " table "
              + location
              + " is not "
              + (layout.kind().matches("[aeiou].*") ? "an " : "a ")
              + layout.kind()
              + " this job can write: it has columns "
              + found
              + " partitioned by "
              + partitioning
              + "; expected "
              + expected
              + " partitioned by ["
              + Columns.PERIOD_START
              + "]. "
              + location.fix(layout.setting()));
    }
  }

  /**
   * Brings a table written by an earlier schema version up to {@code layout}: the columns added
   * since are appended, with their comments (rows written before have nulls there), CHECK
   * constraints dropped since are dropped and new ones added ({@link #label} raises the schema
   * version property after the write). Metadata commits only; readers of the old columns are
   * unaffected.
   */
  private static void upgrade(SparkSession spark, TableLocation table, Layout layout) {
    int present = TableMetadata.of(spark, table).schema().fields().length;
    StructField[] fields = layout.schema().fields();
    // More columns than the layout: a feature's columns (top_drivers), kept when it is off.
    if (present >= fields.length) {
      return;
    }
    String added =
        Arrays.stream(fields, present, fields.length)
            .map(
                f ->
                    f.name()
                        + " "
                        + f.dataType().sql()
                        + " COMMENT "
                        + sqlString(f.getComment().getOrElse(() -> "")))
            .collect(Collectors.joining(", "));
    String name = table.sql();
    spark.sql("ALTER TABLE " + name + " ADD COLUMNS (" + added + ")");
    Set<String> constraints =
        TableMetadata.of(spark, table).properties().keySet().stream()
            .filter(key -> key.startsWith(CONSTRAINT_PROPERTY))
            .map(key -> key.substring(CONSTRAINT_PROPERTY.length()))
            .collect(Collectors.toSet());
    for (String old : constraints) {
      if (!layout.constraints().containsKey(old)) {
        spark.sql("ALTER TABLE " + name + " DROP CONSTRAINT " + old);
      }
    }
    layout
        .constraints()
        .forEach(
            (constraint, check) -> {
              if (!constraints.contains(constraint)) {
                spark.sql(
                    "ALTER TABLE "
                        + name
                        + " ADD CONSTRAINT "
                        + constraint
                        + " CHECK ("
                        + check
                        + ")");
              }
            });
    LOG.info(
        "Upgraded the {} {} to schema version {}", layout.kind(), table, layout.schemaVersion());
  }

  /** "name TYPE" of each column, ignoring nullability (Delta stores every column as nullable). */
  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().sql()).toList();
  }

  /** The protocol and CHECK constraints a new table is created with. */
  private static Map<String, String> creationProperties(Layout layout) {
    Map<String, String> properties = new java.util.HashMap<>();
    properties.put("delta.enableDeletionVectors", "false");
    properties.put("delta.minReaderVersion", "1");
    properties.put("delta.minWriterVersion", "3");
    layout
        .constraints()
        .forEach((name, check) -> properties.put(CONSTRAINT_PROPERTY + name, check));
    return properties;
  }

  /** The layout's schema with every column nullable, as Delta stores them. */
  private static StructType nullable(StructType schema) {
    return new StructType(
        Arrays.stream(schema.fields())
            .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
            .toArray(StructField[]::new));
  }
}
