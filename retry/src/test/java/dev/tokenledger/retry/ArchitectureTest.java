package dev.tokenledger.retry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The retry policy is the JDK only (ADR 0307): every module may depend on it, so it depends on nothing. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.tokenledger.retry");

  @Test
  void theRetryPolicyUsesTheJdkOnly() {
    classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.tokenledger.retry..", "java..").check(classes);
  }
}
