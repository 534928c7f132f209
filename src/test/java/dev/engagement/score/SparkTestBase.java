package dev.engagement.score;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The one base class of every Spark test: a single small local session with Delta, shared by the
 * whole suite (spark-testing-base keeps the SparkContext in a static; we never stop it between
 * classes). Tests are JUnit 5; the JUnit 4 lifecycle of the parent is driven by hand.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  @Override
  public SparkConf conf() {
    return new SparkConf()
        .setMaster("local[2]")
        .setAppName("engagement-score-tests")
        .set("spark.ui.enabled", "false")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.default.parallelism", "2")
        .set("spark.sql.session.timeZone", "UTC")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .set("spark.databricks.delta.snapshotPartitions", "2")
        // One JVM runs every Spark test: keep little of what the status store remembers, and
        // small Tungsten pages (Spark sizes them from the heap: 32 MB each here, taken by every
        // aggregation task and by every broadcast join's hash table, for a few rows).
        .set("spark.sql.ui.retainedExecutions", "5")
        .set("spark.ui.retainedJobs", "20")
        .set("spark.ui.retainedStages", "20")
        .set("spark.ui.retainedTasks", "200")
        .set("spark.ui.dagGraph.retainedRootRDDs", "5")
        .set("spark.buffer.pageSize", "2m");
  }

  /** The job uses path-based Delta tables only: no Hive metastore to start. */
  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSpark() {
    runBefore();
  }

  /**
   * Delta keeps every table it has opened (and its cached state, with its plans and broadcasts) in
   * a JVM-wide cache; the suite opens hundreds of short-lived tables in one JVM, which filled 2 GB
   * of heap. A job opens a few tables once, so only the tests clear it.
   */
  @AfterEach
  void forgetDeltaTables() {
    DeltaLog.clearCache();
  }

  /**
   * Order-insensitive comparison, schemas (nullability included) and rows; map columns (the
   * categories' {@code sub_scores}) are compared as their entries, since the parent groups by every
   * column and Spark cannot group maps.
   */
  @Override
  public void assertDataFrameNoOrderEquals(Dataset<Row> expected, Dataset<Row> result) {
    super.assertDataFrameNoOrderEquals(mapsAsEntries(expected), mapsAsEntries(result));
  }

  private static Dataset<Row> mapsAsEntries(Dataset<Row> rows) {
    Dataset<Row> result = rows;
    for (StructField f : rows.schema().fields()) {
      if (f.dataType() instanceof MapType) {
        result = result.withColumn(f.name(), functions.map_entries(functions.col(f.name())));
      }
    }
    return result;
  }

  /** A DataFrame of the given rows; each array is one row's values in schema order. */
  protected Dataset<Row> df(StructType schema, Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
    return spark().createDataFrame(list, schema);
  }
}
