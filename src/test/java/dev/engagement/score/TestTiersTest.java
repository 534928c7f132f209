package dev.engagement.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class is in its tier (README, Testing): a class without Spark is tagged {@code fast}
 * (so that {@code mvn -Pfast test} runs it), a Spark test extends {@link SparkTestBase} (tagged
 * {@code spark}, inherited) and is not tagged {@code fast}, and a {@code *IT} is tagged {@code
 * e2e}.
 */
@Tag("fast")
class TestTiersTest {
  private static final Set<String> TIERS = Set.of("fast", "spark", "job", "slow", "e2e");

  /** The tags of a class, its superclasses' included (JUnit's {@code @Tag} is inherited). */
  static Set<String> tags(Class<?> type) {
    Set<String> tags = new TreeSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Arrays.stream(c.getDeclaredAnnotationsByType(Tag.class)).map(Tag::value).forEach(tags::add);
    }
    return tags;
  }

  private static List<Class<?>> testClasses() throws IOException, URISyntaxException {
    Path root =
        Path.of(TestTiersTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains("$") || !(name.endsWith("Test") || name.endsWith("IT"))) {
          continue;
        }
        try {
          // Not initialized: loading a Spark test's class starts no Spark.
          Class<?> c = Class.forName(name, false, TestTiersTest.class.getClassLoader());
          if (!Modifier.isAbstract(c.getModifiers())) {
            classes.add(c);
          }
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return classes;
  }

  @Test
  void everyTestClassIsInItsTier() throws Exception {
    List<Class<?>> classes = testClasses();
    assertThat(classes).hasSizeGreaterThan(50);
    List<String> wrong = new ArrayList<>();
    for (Class<?> c : classes) {
      Set<String> tags = tags(c);
      boolean spark = SparkTestBase.class.isAssignableFrom(c);
      if (spark == tags.contains("fast")
          || !TIERS.containsAll(tags)
          || c.getSimpleName().endsWith("IT") != tags.contains("e2e")) {
        wrong.add(c.getName() + " " + tags + (spark ? " (a Spark test)" : " (no Spark)"));
      }
    }
    assertThat(wrong)
        .as(
            "classes outside the tiers: tag a class without Spark fast, extend SparkTestBase for"
                + " Spark, tag an *IT e2e; tiers are %s",
            TIERS.stream().sorted().collect(Collectors.joining(", ")))
        .isEmpty();
  }
}
