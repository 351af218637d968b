package dev.tokenledger.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The dashboard's static files, read once from the classpath: the page, its script and style sheet
 * ({@code dashboard/} in this module's resources) and the chart library from its WebJar (ECharts,
 * {@code META-INF/resources/webjars/echarts/<version>/dist/echarts.min.js}), served under
 * {@code /dashboard/}. They hold no data and need no credential: the page asks the {@code /v1} routes
 * for everything with the caller's bearer token (ADR 0600). Only the files listed here are served, so no
 * path ever reaches the class loader from a request.
 */
final class DashboardAssets {

  /** The path prefix of every dashboard file. */
  static final String PREFIX = "/dashboard/";
  private static final String ECHARTS = "META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";
  private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  /**
   * The policy of the dashboard's answers: scripts, styles, images and requests from this server only,
   * no inline script, no plugin, no frame, no base or form target elsewhere.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** A file: its type, bytes and entity tag (a hash of the bytes, so a browser revalidates it cheaply). */
  record Asset(String contentType, byte[] body, String etag) {

    Asset(String contentType, byte[] body) {
      this(contentType, body, tagOf(body));
    }
  }

  private final Map<String, Asset> assets;

  private DashboardAssets(Map<String, Asset> assets) {
    this.assets = Map.copyOf(assets);
  }

  /** Loads every file; a file missing from the classpath is a packaging error and fails the start. */
  static DashboardAssets load() {
    Map<String, Asset> out = new LinkedHashMap<>();
    out.put("", new Asset("text/html; charset=utf-8", read("dashboard/index.html")));
    out.put("dashboard.js", new Asset("text/javascript; charset=utf-8", read("dashboard/dashboard.js")));
    out.put("dashboard.css", new Asset("text/css; charset=utf-8", read("dashboard/dashboard.css")));
    out.put("accuracy.html", new Asset("text/html; charset=utf-8", read("dashboard/accuracy.html")));
    out.put("lib/echarts.min.js", new Asset("text/javascript; charset=utf-8", read(ECHARTS.formatted(echartsVersion()))));
    return new DashboardAssets(out);
  }

  /** The file at {@code /dashboard/<name>}, or empty when there is none. */
  Optional<Asset> find(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /** The names served, relative to {@link #PREFIX} ({@code ""} is the page). */
  java.util.Set<String> names() {
    return assets.keySet();
  }

  private static String tagOf(byte[] body) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + java.util.HexFormat.of().formatHex(hash, 0, 16) + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String echartsVersion() {
    Properties p = new Properties();
    try (InputStream in = stream(ECHARTS_POM)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = stream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static InputStream stream(String resource) {
    InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("the dashboard file " + resource + " is missing from the classpath");
    }
    return in;
  }
}
