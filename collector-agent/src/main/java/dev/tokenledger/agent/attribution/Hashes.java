package dev.tokenledger.agent.attribution;

import dev.tokenledger.agent.config.AgentConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short, stable, salted hashes of paths and host names: HMAC-SHA-256 keyed with the organisation's
 * salt, first 16 hex characters. The salt is the organisation's secret ({@code privacy.hash-salt} /
 * {@code privacy.hash-salt-file}) or, by default, derived from the org id: the same path hashes alike
 * on every machine of one organisation and differently in another, and with a secret salt nobody
 * outside it can test a guessed path ("/home/alice/acquisition-x") against a hash. Event ids are not
 * hashed with it (they derive from the provider's request identity, {@code event.EventIds}).
 */
public final class Hashes {

  /** The prefix of the default salt: {@code tokenledger/org-salt/<org id>}. */
  static final String DEFAULT_SALT_PREFIX = "tokenledger/org-salt/";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> mac;

  private Hashes(String salt) {
    this.key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.mac = ThreadLocal.withInitial(this::newMac);
  }

  /** The hashes of this configuration: its secret salt, else one derived from its org id. */
  public static Hashes of(AgentConfig config) {
    return config.privacy().hashSalt().map(Hashes::withSalt).orElseGet(() -> forOrg(config.identity().orgId()));
  }

  /** With the default salt of an organisation (derived from its id; not a secret). */
  public static Hashes forOrg(String orgId) {
    return new Hashes(DEFAULT_SALT_PREFIX + Objects.requireNonNull(orgId, "orgId"));
  }

  /** With an organisation's secret salt. */
  public static Hashes withSalt(String salt) {
    if (salt == null || salt.isEmpty()) {
      throw new IllegalArgumentException("salt must not be empty");
    }
    return new Hashes(salt);
  }

  public String hash16(String text) {
    byte[] d = mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d, 0, 8);
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
