package dev.engagement.score.cli;

import dev.engagement.score.UserInputException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every command of the job runs: its arguments are parsed and checked before Spark starts (bad
 * input fails in a second), then it runs in a UTC, Delta-enabled session and prints what it returns
 * as the last line of stdout. Exit codes: 0 success, 2 bad input (the message says what to fix,
 * without a stack trace), 1 any other failure.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
  private static final String SMALL_TABLE_TASKS = "4";

  private Launcher() {}

  /** A command whose arguments are parsed: what it does once a session exists. */
  @FunctionalInterface
  public interface Prepared {
    /** Runs the command; the returned text is printed as the last line of stdout. */
    String run(SparkSession spark) throws Exception;
  }

  /** Parses arguments without Spark: throws {@link UserInputException} on bad input. */
  @FunctionalInterface
  public interface Parser {
    Prepared parse();
  }

  /** Runs a command and returns its exit code, for {@code System.exit}. */
  public static int launch(String appName, Parser parser) {
    try {
      Prepared command = parser.parse();
      SparkSession spark = session(appName);
      try {
        System.out.println(command.run(spark));
      } finally {
        spark.stop();
      }
      return 0;
    } catch (UserInputException e) {
      System.err.println("ERROR: " + e.getMessage());
      return UserInputException.EXIT_CODE;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes
      LOG.error("The {} command failed", appName, e);
      return 1;
    }
  }

  private static SparkSession session(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Delta rebuilds a table's state with this many tasks, 50 by default for logs of millions
        // of files; the job's tables hold a few files per period, and 50 tasks cost ~6 s per run
        // on 2 cores. A --conf (spark-submit, the DAG) wins.
        .config(SNAPSHOT_PARTITIONS, new SparkConf().get(SNAPSHOT_PARTITIONS, SMALL_TABLE_TASKS))
        .getOrCreate();
  }
}
