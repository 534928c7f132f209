package dev.engagement.score;

import java.util.Comparator;
import java.util.Set;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of the test classes (pom.xml): the slow ones first, then the whole-job ones, then the
 * rest, each group by name. Two classes run at a time: a long class started last would finish
 * alone, with one core idle.
 */
public class SlowClassesFirst implements ClassOrderer {
  /** Tags are inherited: a class's are read with its superclasses'. */
  private static int rank(ClassDescriptor c) {
    Set<String> tags = TestTiersTest.tags(c.getTestClass());
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
