package dev.tokenledger.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * Architecture rules of the collector agent, checked in the build: the packages form no cycle, a
 * domain package never reaches into its adapter sub-packages (the sources into {@code source.claude}
 * …), and nothing on a developer machine talks to the warehouse.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.tokenledger.agent";

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.tokenledger.agent.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    classes().that().resideOutsideOfPackage(ROOT).should(notDependOnTheirOwnSubPackages()).check(classes);
  }

  @Test
  void collectorsNeverTouchTheWarehouse() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.warehouse..", "com.clickhouse..")
        .check(classes);
  }

  @Test
  void parsersKnowNoKafka() {
    noClasses().that().resideInAnyPackage(ROOT + ".source..", ROOT + ".validation..", ROOT + ".attribution..",
            ROOT + ".checkpoint..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.tokenledger.schemas..")
        .check(classes);
  }

  /** The slices above leave out the root package: the entry point uses every package and none uses it. */
  @Test
  void nothingDependsOnTheEntryPoint() {
    noClasses().that().resideOutsideOfPackage(ROOT)
        .should().dependOnClassesThat().resideInAPackage(ROOT)
        .check(classes);
  }

  @Test
  void theCommandLineIsTheOnlyWayIntoTheCommands() {
    noClasses().that().resideOutsideOfPackages(ROOT, ROOT + ".cli..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
        .check(classes);
  }

  /** A class in {@code a.b} must not use classes of {@code a.b.c}: the adapters depend on the domain. */
  static ArchCondition<JavaClass> notDependOnTheirOwnSubPackages() {
    return new ArchCondition<>("not depend on classes in sub-packages of their own package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String sub = origin.getPackageName() + ".";
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          if (d.getTargetClass().getPackageName().startsWith(sub)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}
