package dev.engagement.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark 4 line's side of the test seam (pom.xml, build-helper): what SparkTestBase uses of
 * spark-testing-base's {@code JavaDataFrameSuiteBase} on Spark 3.5, which has no build for Spark 4.
 * One session for the whole JVM, made from {@link #conf()} on first use and never stopped, and the
 * same order-insensitive comparison: equal schemas (nullability included), then the same rows as
 * many times each.
 */
public abstract class SparkLineBase {
  private static SparkSession session;

  /** The session's settings; SparkTestBase gives them. */
  public abstract SparkConf conf();

  /** Whether the session has Hive support: never, on this line. */
  public boolean enableHiveSupport() {
    return false;
  }

  /** Makes the session once (callers hold SparkTestBase's lock). */
  public void runBefore() {
    if (session == null) {
      session = SparkSession.builder().config(conf()).getOrCreate();
    }
  }

  public SparkSession spark() {
    return session;
  }

  public void assertDataFrameNoOrderEquals(Dataset<Row> expected, Dataset<Row> result) {
    assertThat(result.schema()).as("schema").isEqualTo(expected.schema());
    List<Row> missing = expected.exceptAll(result).collectAsList();
    List<Row> extra = result.exceptAll(expected).collectAsList();
    assertThat(missing).as("expected rows the result lacks").isEmpty();
    assertThat(extra).as("result rows not expected").isEmpty();
  }
}
