package dev.engagement.score;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * The one base class of every Spark test: a single small local session with Delta, shared by the
 * whole suite (spark-testing-base keeps the SparkContext in a static; we never stop it between
 * classes). It extends the line's {@code SparkLineBase} (src/test/spark3.5: spark-testing-base's
 * {@code JavaDataFrameSuiteBase}; src/test/spark4: the same methods, ours). Tests are JUnit 5; the
 * JUnit 4 lifecycle of the parent is driven by hand. Tagged {@code spark} (inherited): {@code mvn
 * -Pfast test} leaves every subclass out, and fails one that starts Spark anyway.
 *
 * <p>The whole suite runs in one JVM ({@code -Xmx2g}), so the session keeps little of what the
 * classes before ran: a few finished queries, jobs and stages for the status store (the defaults
 * keep a thousand queries with their plans), a few Delta logs (the default keeps 10,000, each with
 * its snapshot's plans, for an hour: the suite's thousands of temporary tables once filled the
 * heap, so they are dropped after each test), small Tungsten pages, and the cached tables are
 * dropped after the classes ({@link #releaseSparkState}). Two classes run at a time in the one
 * session, each class's tests in turn (pom.xml: Spark tests spend most of their time planning on
 * one driver thread, so a second class keeps the second core busy).
 */
@Tag("spark")
public abstract class SparkTestBase extends SparkLineBase {
  /** Set by {@code mvn -Pfast}: the tier that must not start Spark. */
  private static final String NO_SPARK = "tests.no-spark";

  @Override
  public SparkConf conf() {
    // A -Dspark.* system property (mvn -Dspark.sql.shuffle.partitions=4 ...) wins over these.
    return new SparkConf()
        .setIfMissing("spark.master", "local[2]")
        .setIfMissing("spark.app.name", "engagement-score-tests")
        .setIfMissing("spark.ui.enabled", "false")
        .setIfMissing("spark.ui.showConsoleProgress", "false")
        // Test data sets are tiny: one shuffle partition, one task per Delta state rebuild.
        .setIfMissing("spark.sql.shuffle.partitions", "1")
        .setIfMissing("spark.default.parallelism", "2")
        .setIfMissing("spark.sql.session.timeZone", "UTC")
        .setIfMissing("spark.driver.host", "127.0.0.1")
        .setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .setIfMissing(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .setIfMissing("spark.databricks.delta.snapshotPartitions", "1")
        // Interpreted, not generated code: compiling each query's Java source (Janino) took a
        // quarter of the suite's CPU, and half of the executors', to process a few rows once.
        // Adaptive execution only re-plans: nothing to adapt for tiny data. Production keeps
        // both; -Dspark.sql.codegen.wholeStage=true -Dspark.sql.codegen.factoryMode=FALLBACK
        // -Dspark.sql.adaptive.enabled=true (in -Dtest.jvm.args) runs the suite with them.
        .setIfMissing("spark.sql.codegen.wholeStage", "false")
        .setIfMissing("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .setIfMissing("spark.sql.adaptive.enabled", "false")
        // spark.testing (set by the build for Spark's own checks) also makes Delta rebuild a
        // table's whole state after every commit to verify its checksum: most of a small write's
        // time, and a check of Delta, not of the job.
        .setIfMissing("spark.databricks.delta.incremental.commit.forceVerifyInTests", "false")
        // One JVM runs every Spark test: keep little of what the status store remembers, and
        // small Tungsten pages (Spark sizes them from the heap: 32 MB each here, taken by every
        // aggregation task and by every broadcast join's hash table, for a few rows).
        .setIfMissing("spark.sql.ui.retainedExecutions", "5")
        .setIfMissing("spark.ui.retainedJobs", "20")
        .setIfMissing("spark.ui.retainedStages", "20")
        .setIfMissing("spark.ui.retainedTasks", "200")
        .setIfMissing("spark.ui.dagGraph.retainedRootRDDs", "5")
        .setIfMissing("spark.buffer.pageSize", "2m");
  }

  /** The job uses path-based Delta tables only: no Hive metastore to start. */
  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  void startSpark() {
    if (Boolean.getBoolean(NO_SPARK)) {
      throw new IllegalStateException(
          getClass().getName() + " starts Spark in a tier without Spark (-D" + NO_SPARK + ")");
    }
    // Test classes run two at a time (pom.xml): the first two must not both create a context.
    synchronized (SparkTestBase.class) {
      runBefore();
    }
    // The shared session active on this test thread, as the job's session is on its main thread:
    // Spark reads some settings from the thread's active session (SQLConf.get), among them which
    // class the session catalog is. A worker thread without one got Spark's plain session catalog
    // instead of Delta's for the sessions a run makes (seen in ManagedTableJobTest).
    SparkSession.setActiveSession(spark());
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

  /** Spark test classes running now (two run at a time, pom.xml). */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  @BeforeAll
  static void countClass() {
    RUNNING.incrementAndGet();
  }

  /**
   * After each class: the tables left cached in the shared session are dropped, once no other class
   * runs (a job of a class running at the same time keeps its tables cached until it ends; each
   * unpersists its own).
   */
  @AfterAll
  static void releaseSparkState() {
    synchronized (RUNNING) {
      if (RUNNING.decrementAndGet() == 0 && SparkSession.getDefaultSession().isDefined()) {
        SparkSession.getDefaultSession().get().catalog().clearCache();
      }
    }
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
