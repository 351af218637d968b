package dev.tokenledger.schemas.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The ArchUnit rules every module's {@code ArchitectureTest} applies to its own root package (shipped in
 * this module's test jar, which every module's tests use); each module adds its own specific rules.
 */
public final class ModuleRules {

  private ModuleRules() {}

  /** The packages below {@code root} depend on each other without cycles. */
  public static ArchRule packagesAreFreeOfCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** Below the root (which wires the module), a package never uses its own sub-packages: adapters depend on the domain. */
  public static ArchRule domainPackagesDoNotImportTheirAdapterSubPackages(String root) {
    return classes().that().resideOutsideOfPackage(root).should(notDependOnTheirOwnSubPackages());
  }

  /** The root package holds the entry point: it uses the rest, nothing uses it (the cycle rule leaves the root out). */
  public static ArchRule nothingDependsOnTheEntryPoint(String root) {
    return noClasses().that().resideOutsideOfPackage(root).should().dependOnClassesThat().resideInAPackage(root);
  }

  /** A class in {@code a.b} must not use classes of {@code a.b.c}. */
  static ArchCondition<JavaClass> notDependOnTheirOwnSubPackages() {
    return new ArchCondition<>("not depend on classes in sub-packages of their own package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String sub = origin.getPackageName() + ".";
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          if (d.getTargetClass().getPackageName().startsWith(sub)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}
