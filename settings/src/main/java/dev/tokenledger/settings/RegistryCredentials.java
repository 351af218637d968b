package dev.tokenledger.settings;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Schema Registry's basic-auth user and password of a role: keys {@code registry_user},
 * {@code registry_password} (or {@code registry_password_file}) of its {@code [kafka]} section, overridden by
 * {@code TOKENLEDGER_REGISTRY_USER}, {@code TOKENLEDGER_REGISTRY_PASSWORD} ({@code …_PASSWORD_FILE}).
 * The registry client sends them as an {@code Authorization: Basic} header; {@link #toString()} masks the password.
 */
public record RegistryCredentials(String user, String password) {

  public static final Set<String> KEYS = Set.of("registry_user", "registry_password", "registry_password_file");
  public static final String ENV_USER = "TOKENLEDGER_REGISTRY_USER";
  public static final String ENV_PASSWORD = "TOKENLEDGER_REGISTRY_PASSWORD";

  public static RegistryCredentials none() {
    return new RegistryCredentials("", "");
  }

  public static RegistryCredentials parse(TomlSettings toml, String section, Map<String, String> env) {
    String user = TomlSettings.envOr(env, ENV_USER, toml.text(section, "registry_user", "")).trim();
    String password = SecretSetting.read(toml, section, "registry_password", env, ENV_PASSWORD);
    if (user.isEmpty() && !password.isEmpty()) {
      toml.error(section + ".registry_password / " + ENV_PASSWORD + ": set without a user (" + section + ".registry_user / "
          + ENV_USER + ")");
    }
    if (user.contains(":")) {
      toml.error(section + ".registry_user / " + ENV_USER + ": a basic-auth user name cannot contain ':'");
    }
    return new RegistryCredentials(user, password);
  }

  /** {@code user:password} for the registry client, or empty without a user. */
  public Optional<String> basicAuth() {
    return user.isEmpty() ? Optional.empty() : Optional.of(user + ":" + password);
  }

  @Override
  public String toString() {
    return user.isEmpty() ? "none" : user + ":" + SecretSetting.mask(password);
  }
}
