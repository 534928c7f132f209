package dev.engagement.score.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The job's name and version (the Maven project version), written to every output row. */
public final class JobVersion {
  /** The job's name: the command, the Spark application, the job descriptions in Spark's UI. */
  public static final String NAME = "engagement-score";

  public static final String VALUE = load();

  private JobVersion() {}

  private static String load() {
    String resource = "/engagement-score-version.properties";
    try (InputStream in = JobVersion.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + resource, e);
    }
  }
}
