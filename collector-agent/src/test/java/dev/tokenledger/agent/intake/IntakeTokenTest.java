package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntakeTokenTest {

  @TempDir
  Path state;

  @Test
  void createdOnceWithOwnerOnlyPermissionsAndReused() throws Exception {
    IntakeToken first = IntakeToken.loadOrCreate(state);
    Path file = state.resolve(IntakeToken.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(first.value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(Files.readString(file).trim()).isEqualTo(first.value());
    try (Stream<Path> files = Files.list(state)) {
      assertThat(files).as("no temp file left behind").containsExactly(file);
    }
    assertThat(IntakeToken.loadOrCreate(state).value()).isEqualTo(first.value());
    assertThat(IntakeToken.read(state)).contains(first.value());
  }

  @Test
  void aFileReadableByOthersIsNarrowedAndADamagedOneReplaced() throws Exception {
    IntakeToken token = IntakeToken.loadOrCreate(state);
    Path file = state.resolve(IntakeToken.FILE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(IntakeToken.loadOrCreate(state).value()).isEqualTo(token.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Files.writeString(file, "short");
    IntakeToken replaced = IntakeToken.loadOrCreate(state);
    assertThat(replaced.value()).isNotEqualTo(token.value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void matchesOnlyTheExactToken() throws Exception {
    IntakeToken token = IntakeToken.loadOrCreate(state);
    assertThat(token.matches(token.value())).isTrue();
    assertThat(token.matches(token.value() + "x")).isFalse();
    assertThat(token.matches(token.value().substring(1))).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
    assertThat(IntakeToken.read(state.resolve("nowhere"))).isEmpty();
  }
}
