package dev.tokenledger.agent.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the organisation's API is and the developer's token for it, looked up the same way by every
 * agent command that asks the API ({@code budget}, {@code report}): the URL from {@code --api}, else
 * {@value #ENV_API_URL}, else {@value #DEFAULT_URL}; the token from {@value #ENV_TOKEN}, else the file
 * {@code --token-file}, else {@value #ENV_TOKEN_FILE}, else {@code ~/.config/tokenledger/api-token}.
 */
public record ApiEndpoint(URI url, String token) {

  public static final String ENV_API_URL = "TOKENLEDGER_API_URL";
  public static final String ENV_TOKEN = "TOKENLEDGER_API_TOKEN";
  public static final String ENV_TOKEN_FILE = "TOKENLEDGER_API_TOKEN_FILE";
  public static final String DEFAULT_URL = "http://127.0.0.1:18090";

  @Override
  public String toString() {
    return "ApiEndpoint[" + url + "]"; // never the token
  }

  /** The endpoint from the options (each may be null), the environment and the home directory. */
  public static ApiEndpoint resolve(URI apiOption, Path tokenFileOption, Map<String, String> env, Path home) {
    return new ApiEndpoint(url(apiOption, env), token(tokenFileOption, env, home));
  }

  static URI url(URI apiOption, Map<String, String> env) {
    if (apiOption != null) {
      return apiOption;
    }
    String fromEnv = env.get(ENV_API_URL);
    try {
      return URI.create(fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv.trim());
    } catch (IllegalArgumentException e) {
      throw new ApiUnavailable(ENV_API_URL + " is not a URL", 0, e);
    }
  }

  static String token(Path tokenFileOption, Map<String, String> env, Path home) {
    String direct = env.get(ENV_TOKEN);
    if (direct != null && !direct.isBlank()) {
      return direct.trim();
    }
    Path file = tokenFileOption != null ? tokenFileOption
        : env.get(ENV_TOKEN_FILE) != null && !env.get(ENV_TOKEN_FILE).isBlank() ? Path.of(env.get(ENV_TOKEN_FILE))
        : home.resolve(".config/tokenledger/api-token");
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (t.isEmpty()) {
        throw new ApiUnavailable("no API token in " + file, 0, null);
      }
      return t;
    } catch (IOException e) {
      throw new ApiUnavailable("no API token (" + file + ")", 0, e);
    }
  }
}
