package dev.tokenledger.agent.intake;

import com.sun.net.httpserver.Headers;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who may use the intake: processes of this machine's user, never a web page. A request is refused
 * when it comes from a browser (an {@code Origin} or {@code Sec-Fetch-*} header: 403, so no CORS
 * preflight ever succeeds and no {@code Access-Control-*} header is ever sent), names a host other than
 * the loopback address (DNS rebinding: 403), lacks the intake token ({@code Authorization: Bearer
 * <token>}, compared in constant time: 401), or, for a report, is not {@code application/json}
 * (UTF-8; 415). The checks run in that order, before the body is read.
 */
final class IntakeGuard {

  /** A refusal: HTTP status and the reason for the JSON answer. */
  record Refusal(int status, String reason) {}

  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

  private final IntakeToken token;

  IntakeGuard(IntakeToken token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  /** Browser and host checks (every path). */
  Refusal screen(Headers h) {
    if (h.containsKey("Origin")) {
      return new Refusal(403, "requests from web pages are refused (Origin header present): the intake is for"
          + " local scripts and agents");
    }
    for (String name : h.keySet()) {
      if (name != null && name.toLowerCase(Locale.ROOT).startsWith("sec-fetch-")) {
        return new Refusal(403, "requests from web browsers are refused (" + name + " header present)");
      }
    }
    String host = h.getFirst("Host");
    if (host == null || !LOOPBACK_HOSTS.contains(hostPart(host).toLowerCase(Locale.ROOT))) {
      return new Refusal(403, "the intake answers only requests addressed to 127.0.0.1 or localhost");
    }
    return null;
  }

  /** The token check. */
  Refusal authenticate(Headers h) {
    java.util.List<String> all = h.get("Authorization");
    String auth = all != null && all.size() == 1 ? all.get(0) : null; // two headers: ambiguous, refused
    String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    if (!token.matches(presented)) {
      return new Refusal(401, (all == null ? "missing" : "wrong") + " intake token: send 'Authorization: Bearer"
          + " <token>' with the token from the file " + IntakeToken.FILE + " in the agent's state directory");
    }
    return null;
  }

  /** A report must be JSON in UTF-8. */
  Refusal contentType(Headers h) {
    String type = h.getFirst("Content-Type");
    if (type == null) {
      return new Refusal(415, "Content-Type must be application/json (none was sent)");
    }
    String[] parts = type.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) {
      return new Refusal(415, "Content-Type must be application/json, was " + shorten(type));
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=") && !p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
        return new Refusal(415, "Content-Type charset must be utf-8, was " + shorten(type));
      }
    }
    return null;
  }

  private static String hostPart(String host) {
    String h = host.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
