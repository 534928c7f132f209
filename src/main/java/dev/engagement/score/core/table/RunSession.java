package dev.engagement.score.core.table;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * A session of one run's own: it shares the caller's SparkContext and cached data, carries the
 * caller's settings, and tags every Delta commit it makes with the run id as {@code userMetadata}
 * (data writes, table creation, schema upgrades and property changes alike), so that each version
 * of every table the job writes names the run, and its audit row, that made it. A session of its
 * own because the tag is a session setting: runs sharing one session (threads, a notebook) would
 * tag each other's commits.
 */
public final class RunSession {
  /** Delta's session setting for the {@code userMetadata} of every commit. */
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private RunSession() {}

  public static SparkSession tagged(SparkSession spark, String runId) {
    SparkSession session = spark.newSession();
    Map<String, String> settings = JavaConverters.mapAsJavaMap(spark.conf().getAll());
    settings.forEach(
        (key, value) -> {
          if (spark.conf().isModifiable(key)) {
            session.conf().set(key, value);
          }
        });
    session.conf().set(USER_METADATA, runId);
    return session;
  }

  /** The run id a {@link #tagged} session tags its commits with. */
  public static String runId(SparkSession session) {
    return session.conf().get(USER_METADATA);
  }
}
