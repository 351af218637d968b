package dev.tokenledger.alerts.channel.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Tokenledger-Signature: sha256=<hex HMAC-SHA256(key, timestamp + "." + body)>}, where timestamp is
 * the {@code X-Tokenledger-Timestamp} header (Unix seconds) sent with it. A receiver recomputes it over
 * the raw body bytes, compares in constant time, and refuses old timestamps (replays).
 */
public final class WebhookSignature {

  public static final String SIGNATURE_HEADER = "X-Tokenledger-Signature";
  public static final String TIMESTAMP_HEADER = "X-Tokenledger-Timestamp";
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final SecretKeySpec key;

  public WebhookSignature(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The header value for {@code body} sent at {@code epochSeconds}. */
  public String sign(long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignature[****]";
  }
}
