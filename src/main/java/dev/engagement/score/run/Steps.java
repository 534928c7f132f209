package dev.engagement.score.run;

import dev.engagement.score.model.JobVersion;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's steps, as the console and Spark's UI show them: each step names the Spark jobs it runs
 * (their job group and description in the UI, e.g. {@code engagement-score: count the events}) and
 * logs one line when it ends, with its own duration and the time since the run started.
 */
final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

  private final SparkContext context;
  private final String group = JobVersion.NAME + "-" + System.identityHashCode(this) + "-";
  private final long start = System.nanoTime();
  private int count;

  Steps(SparkSession spark) {
    this.context = spark.sparkContext();
  }

  /** Runs {@code work} as the step {@code name} and logs it. */
  void run(String name, Runnable work) {
    step(name, result(work), true);
  }

  /** {@link #run(String, Runnable)} for work with a result. */
  <T> T get(String name, Supplier<T> work) {
    return step(name, work, true);
  }

  /**
   * A feature's step: logged only when it ran a Spark job (a feature without a table of its own, or
   * with nothing to write this time, adds no line).
   */
  <T> T feature(String name, Supplier<T> work) {
    return step(name, work, false);
  }

  /** {@link #feature(String, Supplier)} for work without a result. */
  void feature(String name, Runnable work) {
    step(name, result(work), false);
  }

  private static Supplier<Void> result(Runnable work) {
    return () -> {
      work.run();
      return null;
    };
  }

  private <T> T step(String name, Supplier<T> work, boolean always) {
    String id = group + ++count;
    context.setJobGroup(id, JobVersion.NAME + ": " + name, false);
    long begun = System.nanoTime();
    try {
      T result = work.get();
      if (always || context.statusTracker().getJobIdsForGroup(id).length > 0) {
        long now = System.nanoTime();
        LOG.info(
            "{} ({} s; {} s since the start)", name, seconds(now - begun), seconds(now - start));
      }
      return result;
    } finally {
      context.clearJobGroup();
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
