package dev.tokenledger.operations;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The operator's listener knows no role and no contract (ADR 0700): the JDK, Micrometer, SLF4J and the settings reader. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.operations");

  @Test
  void usesTheJdkMicrometerAndTheSettingsReaderOnly() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.tokenledger.operations..", "dev.tokenledger.settings..",
        "java..", "com.sun.net.httpserver..", "io.micrometer..", "org.slf4j..").check(classes);
  }
}
