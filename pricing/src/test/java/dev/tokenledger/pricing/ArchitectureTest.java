package dev.tokenledger.pricing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tokenledger.schemas.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * Architecture rules of the pricing module, which the stream processor and the agent both use: no
 * package cycle, the cost rules never reaching into their adapters (the LiteLLM reader, the overrides
 * file), and nothing of Kafka, the Avro wire format or another Tokenledger module but the schemas.
 */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.pricing");

  @Test
  void packagesAreFreeOfCycles() {
    ModuleRules.packagesAreFreeOfCycles("dev.tokenledger.pricing").check(classes);
  }

  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    ModuleRules.domainPackagesDoNotImportTheirAdapterSubPackages("dev.tokenledger.pricing").check(classes);
  }

  @Test
  void pricingDoesNotDependOnKafkaOrTheWireFormat() {
    noClasses().that().resideInAPackage("dev.tokenledger.pricing..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.tokenledger.schemas.serde..",
            "org.apache.avro.io..", "org.apache.avro.file..")
        .check(classes);
  }

  @Test
  void pricingUsesNoOtherTokenledgerModule() {
    noClasses().that().resideInAPackage("dev.tokenledger.pricing..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.processor..", "dev.tokenledger.agent..",
            "dev.tokenledger.warehouse..", "dev.tokenledger.settings..", "dev.tokenledger.api..")
        .check(classes);
  }
}
