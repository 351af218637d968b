package dev.tokenledger.agent.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code [org] mapping*} keys (ADR 0144): where the organisation's e-mail / git remote → team and
 * cost centre mapping is read from, the variable holding a bearer token for it, and how often it is read
 * again. A URL must be https (plain http only to a loopback address: the mapping decides who pays, and
 * the token must not cross a network in clear); a file path must be absolute ({@code ~/} allowed).
 */
final class OrgMappingConfigParser {

  /** Shortest refresh interval: the mapping server is shared by every machine of the organisation. */
  static final Duration MIN_REFRESH = Duration.ofMinutes(1);

  private OrgMappingConfigParser() {}

  static AgentConfig.OrgMapping parse(ConfigValues v, Path home) {
    Duration refresh = v.duration("org.mapping-refresh");
    if (refresh.compareTo(MIN_REFRESH) < 0 && !refresh.isNegative() && !refresh.isZero()) {
      v.problem("org.mapping-refresh must be at least 1m, was " + v.text("org.mapping-refresh"));
    }
    Optional<String> tokenEnv = v.optional("org.mapping-token-env");
    if (tokenEnv.isPresent() && !tokenEnv.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      v.problem("org.mapping-token-env must name an environment variable (letters, digits, '_'), was '"
          + tokenEnv.get() + "'");
    }
    Optional<String> location = v.optional("org.mapping");
    if (location.isEmpty()) {
      if (tokenEnv.isPresent()) {
        v.problem("org.mapping-token-env is set but org.mapping is not");
      }
      return new AgentConfig.OrgMapping(Optional.empty(), tokenEnv, refresh);
    }
    String l = location.get();
    if (l.startsWith("https://") || l.startsWith("http://")) {
      checkUrl(l, v);
      return new AgentConfig.OrgMapping(location, tokenEnv, refresh);
    }
    if (l.contains("://")) {
      v.problem("org.mapping must be an https:// URL or a file path, was '" + l + "'");
      return new AgentConfig.OrgMapping(Optional.empty(), tokenEnv, refresh);
    }
    if (tokenEnv.isPresent()) {
      v.problem("org.mapping-token-env is only used with an https org.mapping URL; org.mapping is the file " + l);
    }
    try {
      Path file = Path.of(ConfigValues.expandHome(l, home));
      if (!file.isAbsolute()) {
        v.problem("org.mapping must be an absolute file path (or start with ~/), was '" + l + "'");
      }
      return new AgentConfig.OrgMapping(Optional.of(file.toString()), tokenEnv, refresh);
    } catch (InvalidPathException e) {
      v.problem("org.mapping is not a valid file path: " + e.getMessage());
      return new AgentConfig.OrgMapping(Optional.empty(), tokenEnv, refresh);
    }
  }

  private static void checkUrl(String url, ConfigValues v) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      v.problem("org.mapping is not a valid URL: " + e.getMessage());
      return;
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      v.problem("org.mapping URL has no host: '" + url + "'");
      return;
    }
    if (uri.getRawUserInfo() != null) {
      v.problem("org.mapping must not carry credentials in the URL; use org.mapping-token-env");
    }
    if (url.startsWith("http://") && !isLoopback(uri.getHost())) {
      v.problem("org.mapping must be an https:// URL (plain http only to a loopback address), was '" + url + "'");
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
      return false; // never resolve a name here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
