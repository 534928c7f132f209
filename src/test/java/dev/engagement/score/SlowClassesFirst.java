package dev.engagement.score;

import java.util.Comparator;
import java.util.Set;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of the test classes (pom.xml), for two threads: the slow classes, then the whole-job
 * ones, then the rest by name, and last the longest class of the Spark unit tests (in every tier
 * but the fast one). JUnit's pool forks the classes in this order; one thread takes them from the
 * front, the thread that forked them from the back, so both start with a long class and neither
 * ends alone with one.
 */
public class SlowClassesFirst implements ClassOrderer {
  private static final String LONGEST_UNIT =
      "dev.engagement.score.reference.ReferenceComparisonTest";

  /** Tags are inherited: a class's are read with its superclasses'. */
  private static int rank(ClassDescriptor c) {
    Class<?> type = c.getTestClass();
    if (type.getName().equals(LONGEST_UNIT)) {
      return 3;
    }
    Set<String> tags = TestTiersTest.tags(type);
    return tags.contains("slow") ? 0 : tags.contains("job") ? 1 : 2;
  }

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparingInt(SlowClassesFirst::rank)
                .thenComparing(c -> c.getTestClass().getName()));
  }
}
