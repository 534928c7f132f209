package dev.engagement.score;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/architecture.md, checked on the main code: imports run downwards
 * (commands -> run -> features -> core -> model/config), features do not import each other, no
 * class over 400 lines, no method over 60, no argument list over 6.
 */
@Tag("fast")
class HouseRulesTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            // Not ImportOption.Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes,
            // and the spark4 build's are in target/spark4/test-classes.
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("dev.engagement.score");
  }

  @Test
  void importsRunDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Commands")
        .definedBy(
            "dev.engagement.score",
            "dev.engagement.score.preview..",
            "dev.engagement.score.backtest..",
            "dev.engagement.score.cli..")
        .layer("Run")
        .definedBy("dev.engagement.score.run..")
        .layer("Features")
        .definedBy("dev.engagement.score.feature..")
        .layer("Core")
        .definedBy("dev.engagement.score.core..")
        .layer("Base")
        .definedBy("dev.engagement.score.model..", "dev.engagement.score.config..")
        .whereLayer("Commands")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Run")
        .mayOnlyBeAccessedByLayers("Commands")
        .whereLayer("Features")
        .mayOnlyBeAccessedByLayers("Commands", "Run")
        .whereLayer("Core")
        .mayOnlyBeAccessedByLayers("Commands", "Run", "Features")
        .whereLayer("Base")
        .mayOnlyBeAccessedByLayers("Commands", "Run", "Features", "Core")
        .check(classes);
  }

  @Test
  void featuresDoNotImportEachOther() {
    slices()
        .matching("dev.engagement.score.feature.(*)..")
        .should()
        .notDependOnEachOther()
        .check(classes);
  }

  @Test
  void onlyTheJobRegistersCommandsAndTheCommandLineCallsNone() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.engagement.score")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.engagement.score")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.engagement.score.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.engagement.score.preview..", "dev.engagement.score.backtest..")
        .check(classes);
  }

  @Test
  void classesMethodsAndArgumentListsAreSmall() throws IOException {
    StaticJavaParser.getParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
    List<String> tooBig = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        long lines = Files.lines(file).count();
        if (lines > 400) {
          tooBig.add(file + ": " + lines + " lines (at most 400)");
        }
        CompilationUnit unit = StaticJavaParser.parse(file);
        for (CallableDeclaration<?> c : unit.findAll(CallableDeclaration.class)) {
          String where = file + " " + c.getNameAsString() + "(...)";
          int length = c.getEnd().get().line - c.getBegin().get().line + 1;
          if (length > 60) {
            tooBig.add(where + ": " + length + " lines (at most 60)");
          }
          if (c.getParameters().size() > 6) {
            tooBig.add(where + ": " + c.getParameters().size() + " arguments (at most 6)");
          }
        }
      }
    }
    assertThat(tooBig).isEmpty();
  }
}
