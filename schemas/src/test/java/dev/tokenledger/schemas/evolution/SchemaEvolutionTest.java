package dev.tokenledger.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.ReconciliationVariance;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The build-time guard of the schema compatibility policy: every current schema is checked with
 * Avro's own compatibility checker against every released version kept in
 * {@code src/main/avro-history/vN/}.
 */
class SchemaEvolutionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path HISTORY = Path.of("src/main/avro-history");

  /** Record types and whether they must also be forward compatible (FULL vs BACKWARD). */
  private static final Map<Schema, Boolean> POLICY =
      Map.of(
          UsageEvent.getClassSchema(), true,
          PricedUsage.getClassSchema(), false,
          UsageRollup.getClassSchema(), false,
          Budget.getClassSchema(), false,
          BudgetBreach.getClassSchema(), false,
          ModelPrice.getClassSchema(), false,
          RejectedEvent.getClassSchema(), false,
          SessionCommit.getClassSchema(), false,
          McpInventoryEntry.getClassSchema(), false,
          ReconciliationVariance.getClassSchema(), false);

  /** Records added after the first release: the release that first shipped them (earlier ones lack them). */
  private static final Map<Schema, String> SINCE =
      Map.of(SessionCommit.getClassSchema(), "v3", McpInventoryEntry.getClassSchema(), "v3",
          ReconciliationVariance.getClassSchema(), "v4");

  @Test
  void everyReleasedVersionIsKept() {
    assertThat(releases()).isNotEmpty();
    for (Path release : releases()) {
      Map<String, Schema> released = SchemaSet.load(release);
      for (Schema current : POLICY.keySet()) {
        if (!shipped(current, release)) {
          continue;
        }
        assertThat(released).as("%s in %s", current.getName(), release).containsKey(current.getFullName());
      }
    }
  }

  @Test
  void currentSchemasHonourThePolicyAgainstEveryRelease() {
    List<String> violations = new ArrayList<>();
    for (Path release : releases()) {
      Map<String, Schema> released = SchemaSet.load(release);
      POLICY.forEach(
          (current, full) -> {
            if (!shipped(current, release)) {
              return;
            }
            Schema old = released.get(current.getFullName());
            violations.addAll(problems(current, old, "current reads " + release.getFileName()));
            if (full) {
              violations.addAll(problems(old, current, release.getFileName() + " reads current"));
            }
          });
    }
    assertThat(violations).as("schema compatibility policy violations").isEmpty();
  }

  @Test
  void theCheckDetectsABreakingChange() throws Exception {
    Schema old = UsageEvent.getClassSchema();
    // A new required field without a default cannot read old data: the guard above must see that.
    ObjectNode added = (ObjectNode) JSON.readTree(old.toString());
    ((ArrayNode) added.get("fields")).insertObject(0).put("name", "mandatory").put("type", "string");
    Schema withRequiredField = new Schema.Parser().parse(added.toString());
    assertThat(problems(withRequiredField, old, "new reads old")).singleElement().asString().contains("mandatory");
    // Removing a field old readers need (no default there) breaks FULL: old readers fail on new data.
    ObjectNode removed = (ObjectNode) JSON.readTree(old.toString());
    ArrayNode fields = (ArrayNode) removed.get("fields");
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).get("name").asText().equals("host")) {
        fields.remove(i);
        break;
      }
    }
    Schema withoutHost = new Schema.Parser().parse(removed.toString());
    assertThat(problems(withoutHost, old, "new reads old")).isEmpty();
    assertThat(problems(old, withoutHost, "old reads new")).singleElement().asString().contains("host");
  }

  /** True if {@code release} shipped {@code schema} (the release named in {@link #SINCE} or a later one). */
  private static boolean shipped(Schema schema, Path release) {
    String since = SINCE.get(schema);
    return since == null || release(release) >= release(Path.of(since));
  }

  private static int release(Path release) {
    return Integer.parseInt(release.getFileName().toString().substring(1));
  }

  @Test
  void recordsAddedLaterAreInTheLatestRelease() {
    List<Path> all = releases();
    Map<String, Schema> latest = SchemaSet.load(all.get(all.size() - 1));
    for (Schema added : SINCE.keySet()) {
      assertThat(latest).as(added.getName()).containsKey(added.getFullName());
      assertThat(shipped(added, Path.of("v1"))).isFalse();
    }
  }

  static List<String> problems(Schema reader, Schema writer, String what) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return List.of(reader.getName() + " (" + what + "): " + result.getResult().getIncompatibilities());
  }

  private static List<Path> releases() {
    try (Stream<Path> dirs = Files.list(HISTORY)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
