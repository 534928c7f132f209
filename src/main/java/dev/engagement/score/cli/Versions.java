package dev.engagement.score.cli;

import dev.engagement.score.model.JobVersion;
import java.util.function.Supplier;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the job's version and those of the Spark and Delta Lake on the
 * classpath (the cluster's, under spark-submit), read from their build constants without starting
 * Spark.
 */
final class Versions implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "engagement-score " + JobVersion.VALUE,
      "Spark " + version(() -> org.apache.spark.package$.MODULE$.SPARK_VERSION()),
      "Delta Lake " + version(() -> io.delta.package$.MODULE$.VERSION())
    };
  }

  /** The version, or why there is none: the library is missing from the classpath. */
  private static String version(Supplier<String> constant) {
    try {
      return constant.get();
    } catch (LinkageError e) { // NoClassDefFoundError: not on the classpath
      return "(not on the classpath)";
    }
  }
}
