package dev.tokenledger.warehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.tokenledger.schemas.testing.ModuleRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
    ModuleRules.packagesAreFreeOfCycles("dev.tokenledger.warehouse").check(classes);
  }

  /** The root package wires the module; below it, a package never uses its own sub-packages (its adapters). */
  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    ModuleRules.domainPackagesDoNotImportTheirAdapterSubPackages("dev.tokenledger.warehouse").check(classes);
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
}
