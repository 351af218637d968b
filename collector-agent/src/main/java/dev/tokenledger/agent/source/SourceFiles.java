package dev.tokenledger.agent.source;

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

/** Discovery helpers: existing roots, recursive listing, de-duplication by real path. */
public final class SourceFiles {

  private SourceFiles() {}

  /** Regular files under the existing {@code roots} (recursively) accepted by {@code filter}, sorted, each once. */
  public static List<Path> under(List<Path> roots, Predicate<Path> filter) throws IOException {
    Map<Path, Path> byReal = new LinkedHashMap<>();
    for (Path root : distinctExisting(roots)) {
      try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
        walk.filter(filter).filter(Files::isRegularFile).forEach(p -> byReal.putIfAbsent(real(p), p));
      } catch (UncheckedIOException e) {
        // a directory vanished or became unreadable mid-walk: list what is still reachable
        walkTolerant(root, filter, byReal);
      }
    }
    TreeMap<String, Path> sorted = new TreeMap<>();
    byReal.values().forEach(p -> sorted.put(p.toString(), p));
    return new ArrayList<>(sorted.values());
  }

  /** The roots that exist as directories, each once (by real path), in the given order. */
  public static List<Path> distinctExisting(List<Path> roots) {
    Map<Path, Path> out = new LinkedHashMap<>();
    for (Path root : roots) {
      if (root != null && Files.isDirectory(root)) {
        out.putIfAbsent(real(root), root);
      }
    }
    return new ArrayList<>(out.values());
  }

  private static void walkTolerant(Path dir, Predicate<Path> filter, Map<Path, Path> out) {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (Files.isDirectory(child)) {
          walkTolerant(child, filter, out);
        } else if (filter.test(child) && Files.isRegularFile(child)) {
          out.putIfAbsent(real(child), child);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // unreadable directory: skipped
    }
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /** Whether the file name ends with {@code suffix}. */
  public static boolean named(Path p, String suffix) {
    Path name = p.getFileName();
    return name != null && name.toString().endsWith(suffix);
  }
}
