package dev.engagement.score.core.table;

import java.util.ConcurrentModificationException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a Delta commit that lost a race with another writer. Delta's optimistic concurrency
 * raises a {@link ConcurrentModificationException} subclass when a concurrent commit touched what
 * this one read (the same periods, or the creation of the same table); running the write again
 * applies it on top of the new version.
 */
public final class DeltaCommits {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaCommits.class);
  static final int ATTEMPTS = 5;

  private DeltaCommits() {}

  /** A growing, jittered pause, so that racing writers do not collide again at once. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(100L * attempt + ThreadLocalRandom.current().nextLong(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while retrying a commit", e);
    }
  }

  public static void withRetry(String path, Runnable commit) {
    for (int attempt = 1; ; attempt++) {
      try {
        commit.run();
        return;
      } catch (ConcurrentModificationException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "Commit to {} lost a race with another writer (attempt {} of {}): retrying. {}",
            path,
            attempt,
            ATTEMPTS,
            e.getMessage());
        pause(attempt);
      }
    }
  }
}
