package dev.tokenledger.warehouse;

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
 * The warehouse contract stands alone: the sink and the query API depend on it, never the other way
 * round, and it knows nothing of Kafka or of the event contract's classes.
 */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.warehouse");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.tokenledger.warehouse.(*)..").should().beFreeOfCycles().check(classes);
  }

  /** The root package wires the module; below it, a package never uses its own sub-packages (its adapters). */
  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    classes().that().resideOutsideOfPackage("dev.tokenledger.warehouse").should(notDependOnTheirOwnSubPackages()).check(classes);
  }

  @Test
  void theContractImportsNoKafkaAndNoRole() {
    noClasses().that().resideInAPackage("dev.tokenledger.warehouse..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..",
            "dev.tokenledger.processor..", "dev.tokenledger.api..", "dev.tokenledger.agent..",
            "dev.tokenledger.schemas..", "dev.tokenledger.events..")
        .check(classes);
  }

  @Test
  void theClientLayerKnowsNoTableSoThePackagesHaveNoCycle() {
    noClasses().that().resideInAPackage("dev.tokenledger.warehouse.clickhouse..")
        .should().dependOnClassesThat().resideInAPackage("dev.tokenledger.warehouse")
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
