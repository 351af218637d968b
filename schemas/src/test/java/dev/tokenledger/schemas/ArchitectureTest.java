package dev.tokenledger.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.tokenledger.schemas.testing.ModuleRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The Kafka contract stands alone: the roles depend on it, never the other way round; the registry
 * client knows neither the serde nor Kafka, so a role can talk to the registry without a broker.
 */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.schemas", "dev.tokenledger.events");

  @Test
  void packagesAreFreeOfCycles() {
    ModuleRules.packagesAreFreeOfCycles("dev.tokenledger.schemas").check(classes);
  }

  @Test
  void theContractKnowsNoRoleAndNoWarehouse() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.agent..",
            "dev.tokenledger.processor..", "dev.tokenledger.api..", "dev.tokenledger.warehouse..", "com.clickhouse..")
        .check(classes);
  }

  @Test
  void theRegistryClientKnowsNoSerdeAndNoKafka() {
    noClasses().that().resideInAPackage("dev.tokenledger.schemas.registry..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.schemas.serde..", "org.apache.kafka..")
        .check(classes);
  }

  @Test
  void theGeneratedRecordsKnowNoClientCode() {
    noClasses().that().resideInAPackage("dev.tokenledger.events..")
        .should().dependOnClassesThat().resideInAPackage("dev.tokenledger.schemas..")
        .check(classes);
  }
}
