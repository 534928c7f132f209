package dev.engagement.score;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;

/**
 * The Spark 3.5 line's side of the test seam (pom.xml, build-helper): spark-testing-base's {@code
 * JavaDataFrameSuiteBase}, its one SparkContext and its {@code assertDataFrameNoOrderEquals}.
 * src/test/spark4 has the same class for Spark 4, where no build of spark-testing-base exists.
 */
public abstract class SparkLineBase extends JavaDataFrameSuiteBase {}
