package dev.tokenledger.agent.attribution;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises git remote URLs to {@code host/owner/repo}: no scheme, no credentials, no port, no query
 * or fragment, no {@code .git}, host in lower case. Accepts URLs ({@code https://}, {@code ssh://},
 * {@code git://}, {@code git+ssh://}, …) and the scp-like form ({@code git@host:owner/repo.git}).
 *
 * <p>Credentials are stripped whatever their shape: when an {@code @} comes before the host ends,
 * everything up to the <em>last</em> {@code @} is user information — so
 * {@code https://me@corp.com:TOKEN@github.com/o/r} is {@code github.com/o/r}, not a host "corp.com" with
 * the token in the path. A result that would still hold a {@code :} or {@code @} (or is otherwise not
 * plainly host and path) is refused: the project is then identified by its repository root's hash.
 */
public final class GitRemotes {

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
  private static final Pattern PATH = Pattern.compile("[^\\s\\p{Cntrl}@:]+");
  private static final Pattern WINDOWS_PATH = Pattern.compile("[A-Za-z]:[\\\\/].*");

  private GitRemotes() {}

  public static Optional<String> normalise(String remote) {
    if (remote == null) {
      return Optional.empty();
    }
    String r = remote.trim();
    if (r.isEmpty() || r.regionMatches(true, 0, "file:", 0, 5)) {
      return Optional.empty();
    }
    int cut = firstOf(r, '?', '#');
    if (cut >= 0) {
      r = r.substring(0, cut); // a query or fragment can carry a token (?access_token=…)
    }
    String host;
    String path;
    int scheme = r.indexOf("://");
    if (scheme > 0 && SCHEME.matcher(r.substring(0, scheme)).matches()) {
      String rest = withoutUserInfo(r.substring(scheme + 3), '/');
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      path = slash < 0 ? "" : rest.substring(slash);
      host = withoutPort(authority);
    } else {
      if (r.startsWith("/") || r.startsWith(".") || r.startsWith("~") || r.startsWith("\\")
          || WINDOWS_PATH.matcher(r).matches()) {
        return Optional.empty(); // a local path remote
      }
      String rest = withoutUserInfo(r, ':');
      int colon = rest.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      host = rest.substring(0, colon);
      path = rest.substring(colon + 1);
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
    if (!HOST.matcher(host).matches() || path.isEmpty() || !PATH.matcher(path).matches()) {
      return Optional.empty();
    }
    return Optional.of(host.toLowerCase(Locale.ROOT) + "/" + path);
  }

  /**
   * {@code rest} without user information: when an {@code @} comes before the first {@code hostEnd}
   * character, everything up to the last {@code @} goes (a password may itself hold {@code @} or
   * {@code :}).
   */
  private static String withoutUserInfo(String rest, char hostEnd) {
    int firstAt = rest.indexOf('@');
    int end = rest.indexOf(hostEnd);
    if (firstAt >= 0 && (end < 0 || firstAt < end)) {
      return rest.substring(rest.lastIndexOf('@') + 1);
    }
    return rest;
  }

  private static String withoutPort(String authority) {
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close < 0 ? authority : authority.substring(0, close + 1);
    }
    int colon = authority.indexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
