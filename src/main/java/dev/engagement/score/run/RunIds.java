package dev.engagement.score.run;

import java.util.UUID;

/**
 * A new run's id, made before Spark starts: it tags the run's commits, rows and audit rows, and is
 * the system property {@value #LOG_PROPERTY}, which the JSON log layout writes on every line
 * (conf/log4j2-json.properties, {@code LOG_FORMAT=json jobs/run-local}): Spark's own lines from the
 * session's start on included. One JVM, one run at a time: a JVM that runs several at once (a
 * notebook's threads) logs the latest one's.
 */
public final class RunIds {
  public static final String LOG_PROPERTY = "engagement.run_id";

  private RunIds() {}

  public static String next() {
    String id = UUID.randomUUID().toString();
    System.setProperty(LOG_PROPERTY, id);
    return id;
  }
}
