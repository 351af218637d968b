package dev.tokenledger.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import dev.tokenledger.schemas.testing.ModuleRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
    ModuleRules.packagesAreFreeOfCycles("dev.tokenledger.agent").check(classes);
  }

  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    ModuleRules.domainPackagesDoNotImportTheirAdapterSubPackages("dev.tokenledger.agent").check(classes);
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
    ModuleRules.nothingDependsOnTheEntryPoint("dev.tokenledger.agent").check(classes);
  }

  @Test
  void theCommandLineIsTheOnlyWayIntoTheCommands() {
    noClasses().that().resideOutsideOfPackages(ROOT, ROOT + ".cli..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
        .check(classes);
  }
}
