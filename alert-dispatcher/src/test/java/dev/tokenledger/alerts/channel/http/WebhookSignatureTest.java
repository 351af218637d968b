package dev.tokenledger.alerts.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.config.SecretUrl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  @Test
  void signsTimestampDotBodyWithHmacSha256InHex() {
    // python3: hmac.new(b'whsec-test', b'1767225600.{"a":1}', hashlib.sha256).hexdigest()
    assertThat(new WebhookSignature("whsec-test").sign(1767225600L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=e696d7e2e879ea34e1117b6681aaec2f6cedbf56581351c6eda7e3e3ef5f1cec");
  }

  @Test
  void aDifferentTimestampOrBodyGivesADifferentSignature() {
    WebhookSignature s = new WebhookSignature("whsec-test");
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(s.sign(1767225601L, body)).isNotEqualTo(s.sign(1767225600L, body));
    assertThat(s.sign(1767225600L, "{\"a\":2}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(s.sign(1767225600L, body));
    assertThat(s.toString()).doesNotContain("whsec");
  }

  @Test
  void aWebhookSendsItsIdempotencyKeyTimestampAndSignatureOnlyWhenSigned() {
    HttpPoster http = new HttpPoster(Duration.ofSeconds(1), Duration.ofSeconds(1), java.time.Clock.systemUTC());
    SecretUrl url = SecretUrl.parse("https://hooks.example.com/x");
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    var signed = new WebhookChannel("ops", url, Optional.of(new WebhookSignature("whsec-test")), http, Clock.systemUTC())
        .headers("key-1", 1767225600L, body);
    assertThat(signed).containsEntry("Idempotency-Key", "key-1").containsEntry("X-Tokenledger-Timestamp", "1767225600")
        .containsEntry("X-Tokenledger-Signature", "sha256=e696d7e2e879ea34e1117b6681aaec2f6cedbf56581351c6eda7e3e3ef5f1cec");
    var unsigned = new WebhookChannel("ops", url, Optional.empty(), http, Clock.systemUTC()).headers("key-1", 1767225600L, body);
    assertThat(unsigned).containsOnlyKeys("Idempotency-Key", "X-Tokenledger-Timestamp");
  }
}
