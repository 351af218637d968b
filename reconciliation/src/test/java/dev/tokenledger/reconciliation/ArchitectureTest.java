package dev.tokenledger.reconciliation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tokenledger.reconciliation");

  @Test
  void theDomainKnowsNoAdapterNorAnyProtocol() {
    noClasses().that().resideInAPackage("dev.tokenledger.reconciliation")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tokenledger.reconciliation.(*)..", "dev.tokenledger.warehouse..",
            "com.fasterxml..", "java.net.http..", "picocli..")
        .check(CLASSES);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.tokenledger.reconciliation.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void kafkaAndAvroOnlyInTheKafkaAdapter() {
    noClasses().that().resideOutsideOfPackage("dev.tokenledger.reconciliation.kafka..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..", "dev.tokenledger.events..")
        .check(CLASSES);
  }
}
