package dev.tokenledger.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Reads the {@code .sql} files of a classpath directory (from the file system or the application jar). */
public final class ClasspathSql {

  private ClasspathSql() {}

  /** File name → text, sorted by name. */
  public static TreeMap<String, String> files(String directory) {
    ClassLoader cl = ClasspathSql.class.getClassLoader();
    URL url = cl.getResource(directory);
    if (url == null) {
      throw new IllegalStateException("classpath directory '" + directory + "' not found");
    }
    List<String> names = new ArrayList<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection conn = (JarURLConnection) url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
          Enumeration<JarEntry> entries = jar.entries();
          String prefix = directory.endsWith("/") ? directory : directory + "/";
          while (entries.hasMoreElements()) {
            String n = entries.nextElement().getName();
            if (n.startsWith(prefix) && n.endsWith(".sql") && n.indexOf('/', prefix.length()) < 0) {
              names.add(n.substring(prefix.length()));
            }
          }
        }
      } else {
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
          s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    TreeMap<String, String> out = new TreeMap<>();
    for (String n : names) {
      out.put(n, read(directory + "/" + n));
    }
    return out;
  }

  public static String read(String resource) {
    try (InputStream in = ClasspathSql.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource '" + resource + "' not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
