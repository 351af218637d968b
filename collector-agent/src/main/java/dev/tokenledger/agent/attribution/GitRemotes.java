package dev.tokenledger.agent.attribution;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises git remote URLs to {@code host/owner/repo}: no scheme, no credentials, no port, no
 * {@code .git}, host in lower case. Accepts https/http/ssh/git URLs and the scp-like form
 * ({@code git@host:owner/repo.git}).
 */
public final class GitRemotes {

  private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\\d*)?(/.*)?$");
  private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^/:]+):(.+)$");

  private GitRemotes() {}

  public static Optional<String> normalise(String remote) {
    if (remote == null) {
      return Optional.empty();
    }
    String r = remote.trim();
    if (r.isEmpty()) {
      return Optional.empty();
    }
    if (r.startsWith("file:")) {
      return Optional.empty();
    }
    String host;
    String path;
    Matcher m = URL.matcher(r);
    if (m.matches()) {
      if (r.startsWith("file:")) {
        return Optional.empty();
      }
      host = m.group(1);
      path = m.group(2) == null ? "" : m.group(2);
    } else {
      Matcher s = SCP.matcher(r);
      if (!s.matches() || r.startsWith("/") || r.startsWith(".")) {
        return Optional.empty(); // a local path remote
      }
      host = s.group(1);
      path = s.group(2);
    }
    path = path.replaceAll("/+", "/");
    if (path.startsWith("~")) {
      path = path.substring(1);
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    if (host.isEmpty() || path.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(host.toLowerCase(Locale.ROOT) + "/" + path);
  }
}
