package dev.tokenledger.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolEpochTest {

  @TempDir
  Path dir;

  @Test
  void aNewSpoolGetsAnEpochThatIsReadBack() throws IOException {
    SpoolEpoch created = SpoolEpoch.readOrCreate(dir, false);
    assertThat(UUID.fromString(created.id()).toString()).isEqualTo(created.id());
    assertThat(created.predatesEpochs()).isFalse();
    assertThat(Files.readString(dir.resolve(SpoolEpoch.FILE))).isEqualTo(created.id() + "\n");
    assertThat(SpoolEpoch.readOrCreate(dir, true)).isEqualTo(created);
  }

  @Test
  void aSpoolWithStateButNoEpochPredatesEpochsForGood() throws IOException {
    SpoolEpoch created = SpoolEpoch.readOrCreate(dir, true);
    assertThat(created.predatesEpochs()).isTrue();
    assertThat(Files.readString(dir.resolve(SpoolEpoch.FILE))).isEqualTo(created.id() + "\npredates-epochs\n");
    assertThat(SpoolEpoch.readOrCreate(dir, false)).isEqualTo(created);
  }

  @Test
  void anEpochFileWithoutAUuidIsAnError() throws IOException {
    Files.writeString(dir.resolve(SpoolEpoch.FILE), "nonsense\n");
    assertThatThrownBy(() -> SpoolEpoch.readOrCreate(dir, false))
        .isInstanceOf(IOException.class).hasMessageContaining("does not hold a UUID: 'nonsense'");
  }
}
