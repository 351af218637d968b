package dev.tokenledger.processor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.tokenledger.schemas.testing.ModuleRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Architecture rules of the stream processor, checked in the build: no package cycle, the two roles
 * ({@code streams}, {@code sink}) independent of each other and wired only by {@code cli}, the settings
 * ({@code config}) a leaf every role may use, domain packages never reaching into their adapter
 * sub-packages, and the pure logic free of Kafka.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.tokenledger.processor";

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.processor");

  @Test
  void packagesAreFreeOfCycles() {
    ModuleRules.packagesAreFreeOfCycles("dev.tokenledger.processor").check(classes);
  }

  @Test
  void theStreamsAndTheSinkRolesAreIndependent() {
    noClasses().that().resideInAPackage(ROOT + ".streams..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".sink..")
        .check(classes);
    noClasses().that().resideInAPackage(ROOT + ".sink..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".streams..")
        .check(classes);
  }

  /** Settings are parsed once into records that any role may take: config depends on no other package here. */
  @Test
  void theSettingsDependOnNoRole() {
    noClasses().that().resideInAPackage(ROOT + ".config..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".streams..", ROOT + ".sink..", ROOT + ".cli..",
            ROOT + ".budget..", ROOT + ".rollup..", ROOT + ".calendar..")
        .check(classes);
  }

  /** The slices above leave out the root package: the entry point uses the commands and nothing uses it. */
  @Test
  void nothingDependsOnTheEntryPoint() {
    ModuleRules.nothingDependsOnTheEntryPoint("dev.tokenledger.processor").check(classes);
  }

  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    ModuleRules.domainPackagesDoNotImportTheirAdapterSubPackages("dev.tokenledger.processor").check(classes);
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
