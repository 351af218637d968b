package dev.tokenledger.agent.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
      try {
        walk(root, filter, byReal);
      } catch (UncheckedIOException | DirectoryIteratorException e) {
        // a directory vanished or became unreadable mid-walk, or links make a loop: list what is still reachable
        walkTolerant(root, filter, byReal);
      }
    }
    TreeMap<String, Path> sorted = new TreeMap<>();
    byReal.values().forEach(p -> sorted.put(p.toString(), p));
    return new ArrayList<>(sorted.values());
  }

  /**
   * What {@code Files.walk(root, FOLLOW_LINKS)} finds, filtered to regular files, each under its real path, in the
   * walk's order — without asking for the real path of every file: below a directory whose real path is known,
   * an entry that is not a link has its directory's real path and its own name, so only links are resolved (one
   * {@code lstat} per entry instead of a {@code stat}, a second {@code stat} and a {@code readlink} per path
   * component). As that walk: the root that cannot be read is an {@link IOException}; trouble below it (an entry
   * that vanishes, an unreadable directory, a loop of links) an {@link UncheckedIOException}.
   */
  private static void walk(Path root, Predicate<Path> filter, Map<Path, Path> out) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class);
    if (!attributes.isDirectory()) {
      return;
    }
    Path realRoot = real(root);
    Deque<Object> ancestors = new ArrayDeque<>();
    ancestors.push(key(attributes, realRoot));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      try {
        walk(entries, realRoot, filter, out, ancestors);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void walk(DirectoryStream<Path> entries, Path realDir, Predicate<Path> filter, Map<Path, Path> out,
      Deque<Object> ancestors) throws IOException {
    for (Path entry : entries) {
      BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Path realEntry;
      if (attributes.isSymbolicLink()) {
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (IOException dangling) {
          continue; // a link that cannot be followed: the walk reports the link itself, which is no regular file
        }
        realEntry = real(entry);
      } else {
        realEntry = realDir.resolve(entry.getFileName());
      }
      if (attributes.isDirectory()) {
        Object key = key(attributes, realEntry);
        if (ancestors.contains(key)) {
          throw new FileSystemLoopException(entry.toString());
        }
        ancestors.push(key);
        try (DirectoryStream<Path> below = Files.newDirectoryStream(entry)) {
          walk(below, realEntry, filter, out, ancestors);
        }
        ancestors.pop();
      } else if (attributes.isRegularFile() && filter.test(entry)) {
        out.putIfAbsent(realEntry, entry);
      }
    }
  }

  /** A directory's identity for finding loops: its file key (device and inode), else its real path. */
  private static Object key(BasicFileAttributes attributes, Path real) {
    Object key = attributes.fileKey();
    return key != null ? key : real;
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

  /** Every regular file below {@code dir} that {@code filter} takes, by real path; an unreadable directory is skipped. */
  static void walkTolerant(Path dir, Predicate<Path> filter, Map<Path, Path> out) {
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

  /** The real path of {@code p}, or its absolute normal form when it has none (a dangling link). */
  static Path real(Path p) {
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
