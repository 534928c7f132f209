package dev.engagement.score.io;

import dev.engagement.score.UserInputException;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Existence and Delta checks on any Hadoop-supported path (local, HDFS, S3, ADLS, GCS). */
final class StoragePath {
  private StoragePath() {}

  /** The fully qualified form of a path (a relative local path becomes file:/abs/path). */
  static String qualify(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(p).toString();
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("Cannot access " + path + ": " + e.getMessage(), e);
    }
  }

  static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      return fs.exists(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("Cannot access " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param what what the path holds, e.g. "events"
   * @param setting where the user sets it, e.g. "events.path (--events)"
   */
  static void requireExists(SparkSession spark, String path, String what, String setting) {
    if (!exists(spark, path)) {
      throw new UserInputException(
          "The " + what + " path " + path + " does not exist: check " + setting + ".");
    }
  }

  static boolean isDelta(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }
}
