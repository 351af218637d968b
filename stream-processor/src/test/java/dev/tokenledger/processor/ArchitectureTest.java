package dev.tokenledger.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Architecture rules of the stream processor, checked in the build. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.processor");

  @Test
  void pricingDoesNotDependOnKafka() {
    noClasses().that().resideInAPackage("dev.tokenledger.processor.pricing..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.tokenledger.schemas.serde..")
        .check(classes);
  }

  @Test
  void calendarAndBudgetLogicDoNotDependOnKafka() {
    noClasses().that().resideInAnyPackage("dev.tokenledger.processor.calendar..", "dev.tokenledger.processor.budget..",
            "dev.tokenledger.processor.rollup..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
        .check(classes);
  }

  @Test
  void onlyTheSinkAndItsCommandsTouchTheWarehouse() {
    noClasses().that().resideOutsideOfPackages("dev.tokenledger.processor.sink..", "dev.tokenledger.processor.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.tokenledger.warehouse..")
        .check(classes);
  }

  @Test
  void theWarehouseIsReachedThroughTheWarehouseModulesClientOnly() {
    noClasses().should().dependOnClassesThat().resideInAPackage("java.net.http..").check(classes);
  }
}
