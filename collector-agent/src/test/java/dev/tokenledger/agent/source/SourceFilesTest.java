package dev.tokenledger.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery lists what the stream API's walk (following links) lists, each file once by its real path, sorted —
 * while resolving only the links' real paths.
 */
class SourceFilesTest {

  private static final Predicate<Path> JSONL = p -> SourceFiles.named(p, ".jsonl");

  @Test
  void nested_files_sorted_and_filtered(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("projects");
    write(root.resolve("b/s2.jsonl"));
    write(root.resolve("b/s1.jsonl"));
    write(root.resolve("a/x/subagents/agent-1.jsonl"));
    write(root.resolve("a/notes.txt"));
    write(root.resolve("a/x.jsonl.bak"));
    Files.createDirectories(root.resolve("a/dir.jsonl")); // a directory is not a log

    assertThat(SourceFiles.under(List.of(root), JSONL)).containsExactly(
        root.resolve("a/x/subagents/agent-1.jsonl"), root.resolve("b/s1.jsonl"), root.resolve("b/s2.jsonl"));
    assertThat(SourceFiles.under(List.of(root), JSONL)).isEqualTo(streamWalk(List.of(root), JSONL));
  }

  @Test
  void a_file_reached_twice_through_links_is_listed_once(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("projects");
    Path real = write(root.resolve("p/s.jsonl"));
    Files.createSymbolicLink(root.resolve("p/alias.jsonl"), real);         // a link to a listed file
    Files.createSymbolicLink(root.resolve("q"), root.resolve("p"));          // a link to a listed directory
    Path outside = write(dir.resolve("elsewhere/o.jsonl"));
    Files.createSymbolicLink(root.resolve("p/outside.jsonl"), outside);     // a link to a file outside
    Files.createSymbolicLink(root.resolve("r"), dir.resolve("elsewhere"));  // ... and to its directory
    Files.createSymbolicLink(root.resolve("p/gone.jsonl"), dir.resolve("missing.jsonl")); // dangling

    List<Path> found = SourceFiles.under(List.of(root), JSONL);

    assertThat(found).isEqualTo(streamWalk(List.of(root), JSONL));
    assertThat(found).hasSize(2);
    assertThat(found.stream().map(SourceFilesTest::realPath)).containsExactlyInAnyOrder(
        real.toRealPath(), outside.toRealPath());
  }

  @Test
  void roots_given_through_links_and_relative_paths(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("data/projects");
    write(root.resolve("p/s.jsonl"));
    write(root.resolve("p/t/u.jsonl"));
    Path linkedRoot = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("data"));
    Path dotted = dir.resolve("data/./projects/../projects");
    List<Path> roots = List.of(linkedRoot.resolve("projects"), dotted, root);

    List<Path> found = SourceFiles.under(roots, JSONL);

    assertThat(found).isEqualTo(streamWalk(roots, JSONL));
    assertThat(found).containsExactly(linkedRoot.resolve("projects/p/s.jsonl"),
        linkedRoot.resolve("projects/p/t/u.jsonl"));
  }

  @Test
  void a_loop_of_links_lists_what_is_reachable_as_before(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("projects");
    write(root.resolve("a/s.jsonl"));
    write(root.resolve("b/t.jsonl"));
    Files.createSymbolicLink(root.resolve("a/up"), root);  // a -> projects -> a -> ...

    List<Path> found = SourceFiles.under(List.of(root), JSONL);

    assertThat(found).isEqualTo(streamWalk(List.of(root), JSONL));
    assertThat(found.stream().map(SourceFilesTest::realPath).distinct()).hasSize(2);
  }

  @Test
  void a_root_that_is_no_directory_lists_nothing(@TempDir Path dir) throws Exception {
    Path file = write(dir.resolve("s.jsonl"));
    assertThat(SourceFiles.under(List.of(file, dir.resolve("missing")), JSONL)).isEmpty();
  }

  private static Path write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "{}\n");
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The listing as the stream API's walk gives it (what discovery did before it resolved only links). */
  private static List<Path> streamWalk(List<Path> roots, Predicate<Path> filter) throws IOException {
    Map<Path, Path> byReal = new LinkedHashMap<>();
    for (Path root : SourceFiles.distinctExisting(roots)) {
      try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
        walk.filter(filter).filter(Files::isRegularFile).forEach(p -> byReal.putIfAbsent(SourceFiles.real(p), p));
      } catch (UncheckedIOException e) {
        SourceFiles.walkTolerant(root, filter, byReal);   // the fallback both walks share
      }
    }
    TreeMap<String, Path> sorted = new TreeMap<>();
    byReal.values().forEach(p -> sorted.put(p.toString(), p));
    return new ArrayList<>(sorted.values());
  }
}
