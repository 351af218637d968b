package dev.tokenledger.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.events.SourceTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @TempDir
  Path dir;

  @Test
  void savedCursorsComeBackAfterReopen() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir);
    FileCheckpoint c = new FileCheckpoint(SourceTool.CODEX_CLI, new FileCursor(1234, "abc", "{\"total\":5}"), 2000, 99,
        Instant.parse("2026-01-01T00:00:00Z"));
    store.put(Path.of("/logs/a.jsonl"), c);
    store.put(Path.of("/logs/b.jsonl"), new FileCheckpoint(SourceTool.CLAUDE_CODE, FileCursor.START, 0, 0, null));
    store.save();
    CheckpointStore again = CheckpointStore.open(dir);
    assertThat(again.get(Path.of("/logs/a.jsonl"))).contains(c);
    assertThat(again.all()).hasSize(2);
    again.remove("/logs/b.jsonl");
    again.save();
    assertThat(CheckpointStore.readOnly(dir)).containsOnlyKeys("/logs/a.jsonl");
  }

  @Test
  void aCrashDuringSaveLeavesThePreviousVersionIntact() throws Exception {
    CheckpointStore store = CheckpointStore.open(dir);
    store.put(Path.of("/logs/a.jsonl"), new FileCheckpoint(SourceTool.GEMINI_CLI, new FileCursor(10, "i", ""), 10, 1, null));
    store.save();
    byte[] before = Files.readAllBytes(dir.resolve("checkpoints.json"));
    // a crash after writing part of the temp file, before the rename
    Files.writeString(dir.resolve("checkpoints.json.tmp"), "{\"format\":1,\"files\":[{\"path\":", StandardCharsets.UTF_8);
    assertThat(Files.readAllBytes(dir.resolve("checkpoints.json"))).isEqualTo(before);
    CheckpointStore reopened = CheckpointStore.open(dir);
    assertThat(reopened.get(Path.of("/logs/a.jsonl")).orElseThrow().cursor().offset()).isEqualTo(10);
    // the next save replaces the stale temp file
    reopened.put(Path.of("/logs/a.jsonl"), new FileCheckpoint(SourceTool.GEMINI_CLI, new FileCursor(20, "i", ""), 20, 2, null));
    reopened.save();
    assertThat(Files.exists(dir.resolve("checkpoints.json.tmp"))).isFalse();
    assertThat(CheckpointStore.readOnly(dir).get("/logs/a.jsonl").cursor().offset()).isEqualTo(20);
  }

  @Test
  void atomicWriteReplacesWholeFiles() throws Exception {
    Path target = dir.resolve("x");
    AtomicFiles.write(target, "first, longer content".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "second".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(target)).isEqualTo("second");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("x");
    }
  }
}
