package dev.tokenledger.api;

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

/** Architecture rules of the query role, checked in the build. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.api");

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.tokenledger.api.(*)..").should().beFreeOfCycles().check(classes);
  }

  /** The root package wires the module; below it, a package never uses its own sub-packages (its adapters). */
  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    classes().that().resideOutsideOfPackage("dev.tokenledger.api").should(notDependOnTheirOwnSubPackages()).check(classes);
  }

  /** The slices above leave out the root package: the entry point uses the commands and nothing uses it. */
  @Test
  void nothingDependsOnTheEntryPoint() {
    noClasses().that().resideOutsideOfPackage("dev.tokenledger.api")
        .should().dependOnClassesThat().resideInAPackage("dev.tokenledger.api")
        .check(classes);
  }

  @Test
  void theQueryDomainKnowsNoAdapterAndNoSql() {
    noClasses().that().resideInAPackage("dev.tokenledger.api.query..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.api.clickhouse..", "dev.tokenledger.api.http..",
            "dev.tokenledger.api.cli..", "dev.tokenledger.warehouse..", "java.net.http..", "com.sun.net.httpserver..",
            "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void onlyTheClickHouseAdapterAndTheWiringUseTheWarehouseContract() {
    noClasses().that().resideOutsideOfPackages("dev.tokenledger.api.clickhouse..", "dev.tokenledger.api.cli..", "dev.tokenledger.api.config..")
        .should().dependOnClassesThat().resideInAPackage("dev.tokenledger.warehouse..")
        .check(classes);
  }

  @Test
  void theWarehouseIsReachedThroughTheSharedClientOnly() {
    noClasses().should().dependOnClassesThat().resideInAPackage("java.net.http..").check(classes);
  }

  @Test
  void adaptersDoNotDependOnEachOther() {
    noClasses().that().resideInAPackage("dev.tokenledger.api.clickhouse..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.api.http..", "dev.tokenledger.api.cli..")
        .check(classes);
    noClasses().that().resideInAPackage("dev.tokenledger.api.http..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.api.clickhouse..", "dev.tokenledger.api.cli..")
        .check(classes);
  }

  @Test
  void theQueryRoleNeverWritesToKafka() {
    noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(classes);
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
