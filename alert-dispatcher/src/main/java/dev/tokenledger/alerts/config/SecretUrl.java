package dev.tokenledger.alerts.config;

import java.net.URI;
import java.util.Objects;

/**
 * A channel's URL, which is a secret (a Slack incoming-webhook URL is its own credential): the text form
 * shows the scheme and host only, the path masked, e.g. {@code https://hooks.slack.com/***}.
 */
public final class SecretUrl {

  private final URI uri;

  public SecretUrl(URI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("must be an http(s) URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("has no host");
    }
  }

  /** Parses {@code text}; the error message never repeats the text. */
  public static SecretUrl parse(String text) {
    try {
      return new SecretUrl(new URI(text.trim()));
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("is not a URL");
    }
  }

  public URI reveal() {
    return uri;
  }

  /** Scheme, host and port; everything after the host masked. */
  public String masked() {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    boolean more = (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null || uri.getRawUserInfo() != null;
    return uri.getScheme() + "://" + uri.getHost() + port + (more ? "/***" : "/");
  }

  /** {@code text} with this URL (and its path alone) replaced by the masked form, for error messages. */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text.replace(uri.toString(), masked());
    String path = uri.getRawPath();
    if (path != null && path.length() > 1) {
      out = out.replace(path, "/***");
    }
    return out;
  }

  @Override
  public String toString() {
    return masked();
  }
}
