package dev.tokenledger.pricing.litellm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a file shipped inside this module's jar: missing or unreadable is a broken build, not bad input. */
final class ShippedResource {

  /** Reads the stream it is given. */
  interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  private ShippedResource() {}

  /** {@code reader} over the classpath resource {@code path} ({@code what} names it in the errors). */
  static <T> T read(String path, String what, Reader<T> reader) {
    try (InputStream in = ShippedResource.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(what + " " + path + " is missing from the classpath");
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
