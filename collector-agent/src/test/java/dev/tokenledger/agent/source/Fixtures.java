package dev.tokenledger.agent.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

/** Access to the shared fixtures copied under src/test/resources/fixtures. */
public final class Fixtures {

  private Fixtures() {}

  public static Path path(String relative) {
    try {
      var url = Fixtures.class.getClassLoader().getResource("fixtures/" + relative);
      if (url == null) {
        throw new IllegalArgumentException("no fixture " + relative);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a fixture file or tree into {@code dir} (keeping its name), and returns the copy. */
  public static Path copy(String relative, Path dir) {
    Path src = path(relative);
    Path dst = dir.resolve(src.getFileName().toString());
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst;
  }

  /** Sets a file's modification time (files "at rest" for parsers that wait for quiet). */
  public static void touch(Path file, Instant when) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(when));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
