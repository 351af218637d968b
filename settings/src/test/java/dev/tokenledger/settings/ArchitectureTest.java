package dev.tokenledger.settings;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The settings reader knows no role and no contract (ADR 0308): the JDK and Jackson's TOML reader only. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.settings");

  @Test
  void theSettingsReaderUsesTheJdkAndJacksonOnly() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.tokenledger.settings..", "java..",
        "com.fasterxml.jackson..").check(classes);
  }
}
