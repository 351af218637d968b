package dev.tokenledger.alerts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tokenledger.schemas.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * Architecture of the alert dispatcher: no package cycle, the entry point used by nothing, domain packages
 * ({@code alert}, {@code channel}, {@code delivery}) free of Kafka and of HTTP, channel adapters beside
 * their interface, the wiring ({@code app}) the only place that knows every adapter.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.tokenledger.alerts";

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test
  void packagesAreFreeOfCycles() {
    ModuleRules.packagesAreFreeOfCycles(ROOT).check(classes);
  }

  @Test
  void nothingDependsOnTheEntryPoint() {
    ModuleRules.nothingDependsOnTheEntryPoint(ROOT).check(classes);
  }

  @Test
  void domainPackagesDoNotImportTheirAdapterSubPackages() {
    ModuleRules.domainPackagesDoNotImportTheirAdapterSubPackages(ROOT).check(classes);
  }

  @Test
  void theDomainKnowsNeitherKafkaNorHttpNorAvro() {
    noClasses().that().resideInAnyPackage(ROOT + ".alert..", ROOT + ".delivery..", ROOT + ".channel")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.net.http..",
            "dev.tokenledger.events..", "dev.tokenledger.schemas..")
        .check(classes);
  }

  @Test
  void onlyTheKafkaAdapterTouchesKafkaAndTheBreachSchema() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".kafka..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "dev.tokenledger.events..")
        .check(classes);
  }

  @Test
  void onlyTheHttpAdaptersUseTheHttpClient() {
    noClasses().that().resideOutsideOfPackages(ROOT + ".channel.http..", ROOT + ".digest.http..")
        .should().dependOnClassesThat().resideInAPackage("java.net.http..")
        .check(classes);
  }

  @Test
  void theSettingsDependOnNoOtherPackageHere() {
    noClasses().that().resideInAPackage(ROOT + ".config..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".alert..", ROOT + ".channel..", ROOT + ".delivery..",
            ROOT + ".kafka..", ROOT + ".app..", ROOT + ".cli..")
        .check(classes);
  }
}
