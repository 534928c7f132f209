package dev.engagement.score;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The job's version (the Maven project version), written to every output row. */
public final class JobVersion {
  public static final String VALUE = load();

  private JobVersion() {}

  private static String load() {
    try (InputStream in =
        JobVersion.class.getResourceAsStream("/engagement-score-version.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("engagement-score-version.properties is missing", e);
    }
  }
}
