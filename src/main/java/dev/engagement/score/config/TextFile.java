package dev.engagement.score.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A small text file read whole from any Hadoop path ({@code file:}, a local path, {@code s3a://},
 * {@code abfss://}, {@code hdfs://}), before Spark starts: the config overlays and the files they
 * include.
 */
final class TextFile {
  private static final String SPARK_HADOOP = "spark.hadoop.";

  private TextFile() {}

  /**
   * Hadoop's configuration as a Spark driver would see it without a session: the defaults and site
   * files on the classpath, plus the {@code spark.hadoop.*} settings that spark-submit passes to
   * the driver as system properties (object-store credentials providers, endpoints).
   */
  static Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith(SPARK_HADOOP)) {
        conf.set(name.substring(SPARK_HADOOP.length()), System.getProperty(name));
      }
    }
    return conf;
  }

  /**
   * The file's text, UTF-8.
   *
   * @throws java.io.FileNotFoundException when there is no such file
   * @throws IOException when it cannot be read (no file system for the scheme, no access)
   */
  static String read(Configuration conf, String location) throws IOException {
    Path p = new Path(location);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {@code location} resolved against the directory of {@code including}, unless absolute. */
  static String sibling(String including, String location) {
    Path p = new Path(location);
    if (p.isAbsolute() || p.toUri().getScheme() != null) {
      return location;
    }
    Path parent = new Path(including).getParent();
    return parent == null ? location : new Path(parent, p).toString();
  }
}
