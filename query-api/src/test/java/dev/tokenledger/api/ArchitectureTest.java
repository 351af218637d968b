package dev.tokenledger.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.tokenledger.schemas.testing.ModuleRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Architecture rules of the query role, checked in the build. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.api");

  @Test
  void packagesAreFreeOfCycles() {
    ModuleRules.packagesAreFreeOfCycles("dev.tokenledger.api").check(classes);
  }

  /** The root package wires the module; below it, a package never uses its own sub-packages (its adapters). */
  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    ModuleRules.domainPackagesDoNotImportTheirAdapterSubPackages("dev.tokenledger.api").check(classes);
  }

  /** The slices above leave out the root package: the entry point uses the commands and nothing uses it. */
  @Test
  void nothingDependsOnTheEntryPoint() {
    ModuleRules.nothingDependsOnTheEntryPoint("dev.tokenledger.api").check(classes);
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

  /** Kafka (budgets, ADR 0404) only behind the budget store adapter; the wiring creates it. */
  @Test
  void onlyTheKafkaAdapterAndTheWiringUseKafka() {
    noClasses().that().resideOutsideOfPackages("dev.tokenledger.api.kafka..", "dev.tokenledger.api.cli..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "dev.tokenledger.events..",
            "dev.tokenledger.schemas.serde..", "dev.tokenledger.schemas.registry..")
        .check(classes);
  }

  @Test
  void theBudgetDomainKnowsNoAdapter() {
    noClasses().that().resideInAPackage("dev.tokenledger.api.budget..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.api.clickhouse..", "dev.tokenledger.api.http..",
            "dev.tokenledger.api.cli..", "dev.tokenledger.api.kafka..", "dev.tokenledger.warehouse..", "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void theKafkaAdapterDependsOnNoOtherAdapter() {
    noClasses().that().resideInAPackage("dev.tokenledger.api.kafka..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.api.clickhouse..", "dev.tokenledger.api.http..",
            "dev.tokenledger.api.cli..", "dev.tokenledger.warehouse..")
        .check(classes);
  }
}
