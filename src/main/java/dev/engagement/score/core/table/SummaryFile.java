package dev.engagement.score.core.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The run summary as a file, for schedulers that cannot read the driver's stdout (spark-submit in
 * cluster mode runs the driver on the cluster). Written after the output commit, so a summary file
 * means the run finished; on object stores the file appears whole or not at all.
 */
public final class SummaryFile {
  private SummaryFile() {}

  public static void write(SparkSession spark, String path, String json) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(spark.sessionState().newHadoopConf());
      try (FSDataOutputStream out = fs.create(p, true)) {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The run finished but its summary could not be written to "
              + path
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
