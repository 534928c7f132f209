package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Existence and Delta checks on any Hadoop-supported path (local, HDFS, S3, ADLS, GCS). */
public final class StoragePath {
  private StoragePath() {}

  /** The fully qualified form of a path (a relative local path becomes file:/abs/path). */
  public static String qualify(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(p).toString();
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("Cannot access " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The directories directly under {@code path} whose name is {@code prefix} followed by a name
   * that matches {@code pattern} (a Hadoop glob), sorted by path: one listing of {@code path},
   * whatever else it holds.
   */
  public static List<String> directories(
      SparkSession spark, String path, String prefix, String pattern) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      FileStatus[] found = fs.globStatus(new Path(p, prefix + pattern));
      if (found == null) {
        return List.of();
      }
      return Arrays.stream(found)
          .filter(FileStatus::isDirectory)
          .map(f -> f.getPath().toString())
          .sorted()
          .toList();
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("Cannot access " + path + ": " + e.getMessage(), e);
    }
  }

  public static boolean exists(SparkSession spark, String path) {
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
  public static void requireExists(SparkSession spark, String path, String what, String setting) {
    if (!exists(spark, path)) {
      throw new UserInputException(
          "The " + what + " path " + path + " does not exist: check " + setting + ".");
    }
  }

  public static boolean isDelta(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /** How many entries of a foreign directory a message names. */
  private static final int SHOWN_ENTRIES = 3;

  /**
   * Checks that the job may create or write a Delta table at {@code path} (qualified): nothing
   * there, an empty directory, a Delta table, or one being created by a concurrent run (a {@code
   * _delta_log} without a commit yet). Anything else is someone else's data: refused, naming what
   * was found. Returns whether a Delta table is there.
   *
   * @param role how messages name the path, e.g. "rejects"
   * @param setting where the user sets it, e.g. "rejects.path (--rejects)"
   * @param kind what the path should hold, e.g. "rejects table"
   */
  public static boolean requireDeltaOrNew(
      SparkSession spark, String path, String role, String setting, String kind) {
    if (isDelta(spark, path)) {
      return true;
    }
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      if (!fs.exists(p) || fs.exists(new Path(p, "_delta_log"))) {
        return false;
      }
      FileStatus status = fs.getFileStatus(p);
      String found;
      if (status.isFile()) {
        found = "a file of " + status.getLen() + " bytes";
      } else {
        FileStatus[] entries = fs.listStatus(p);
        if (entries.length == 0) {
          return false;
        }
        found =
            entries.length
                + (entries.length == 1 ? " entry: " : " entries: ")
                + Arrays.stream(entries)
                    .limit(SHOWN_ENTRIES)
                    .map(e -> e.getPath().getName() + (e.isDirectory() ? "/" : ""))
                    .collect(Collectors.joining(", "))
                + (entries.length > SHOWN_ENTRIES ? ", ..." : "");
      }
      throw new UserInputException(
          "The "
              + role
              + " path "
              + path
              + " exists but is not a Delta table; refusing to overwrite it or create a table in"
              + " it (it holds "
              + found
              + "). Point "
              + setting
              + " at a new path or an existing "
              + kind
              + ".");
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("Cannot access " + path + ": " + e.getMessage(), e);
    }
  }
}
