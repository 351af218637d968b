package dev.tokenledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.schemas.registry.SchemaRegistry.Compatibility;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfluentRestSchemaRegistryTest {

  static final Schema V1 = new Schema.Parser().parse(
      "{\"type\":\"record\",\"name\":\"E\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}");
  static final Schema V2_COMPATIBLE = new Schema.Parser().parse(
      "{\"type\":\"record\",\"name\":\"E\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
          + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}");
  static final Schema V2_INCOMPATIBLE = new Schema.Parser().parse(
      "{\"type\":\"record\",\"name\":\"E\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
          + "{\"name\":\"b\",\"type\":\"string\"}]}");

  FakeRegistryServer server;
  List<Duration> sleeps = new ArrayList<>();
  ConfluentRestSchemaRegistry client;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistryServer();
    client = new ConfluentRestSchemaRegistry(
        RegistryConfig.of(server.url()).withRetries(4, Duration.ofMillis(100), Duration.ofMillis(250)), sleeps::add);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registersLooksUpAndFetchesById() {
    int id = client.register("orders-value", V1);
    assertThat(client.register("orders-value", V1)).as("idempotent").isEqualTo(id);
    assertThat(client.lookup("orders-value", V1)).isEqualTo(id);
    assertThat(client.schemaById(id)).isEqualTo(V1);
    assertThat(client.latest("orders-value").version()).isEqualTo(1);
    assertThat(client.versions("orders-value")).containsExactly(1);
    assertThat(client.subjects()).containsExactly("orders-value");
  }

  @Test
  void subjectNamesAreUrlEncoded() {
    int id = client.register("team a/orders-value", V1);
    assertThat(client.lookup("team a/orders-value", V1)).isEqualTo(id);
    assertThat(server.paths).contains("POST /subjects/team%20a%2Forders-value/versions");
  }

  @Test
  void compatibleEvolutionIsAcceptedAndIncompatibleRejectedWithTheReason() {
    client.setCompatibility("orders-value", Compatibility.BACKWARD);
    client.register("orders-value", V1);
    assertThat(client.checkCompatibility("orders-value", V2_COMPATIBLE).compatible()).isTrue();
    var bad = client.checkCompatibility("orders-value", V2_INCOMPATIBLE);
    assertThat(bad.compatible()).isFalse();
    assertThat(bad.messages()).isNotEmpty();
    assertThatThrownBy(() -> client.register("orders-value", V2_INCOMPATIBLE))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining("409");
    assertThat(client.register("orders-value", V2_COMPATIBLE)).isPositive();
    assertThat(client.versions("orders-value")).containsExactly(1, 2);
  }

  @Test
  void compatibilityConfigPerSubjectFallsBackToGlobal() {
    client.setCompatibility(null, Compatibility.FULL);
    assertThat(client.compatibility("unknown-value")).isEqualTo(Compatibility.FULL);
    client.setCompatibility("x-value", Compatibility.BACKWARD_TRANSITIVE);
    assertThat(client.compatibility("x-value")).isEqualTo(Compatibility.BACKWARD_TRANSITIVE);
  }

  @Test
  void errorCodesMapToTypedExceptions() {
    assertThatThrownBy(() -> client.schemaById(999))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.lookup("nope-value", V1))
        .isInstanceOf(SchemaRegistryException.NotFound.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
    assertThat(sleeps).as("client errors are not retried").isEmpty();
  }

  @Test
  void aConflictFromAConcurrentRegistrationOfTheSameSchemaResolvesToItsId() {
    server.raceNextRegister();
    int id = client.register("orders-value", V1);
    assertThat(id).isPositive().isEqualTo(client.lookup("orders-value", V1));
  }

  @Test
  void aConflictForASchemaThatIsNotRegisteredStaysIncompatible() {
    client.register("orders-value", V1);
    assertThatThrownBy(() -> client.register("orders-value", V2_INCOMPATIBLE))
        .isInstanceOf(SchemaRegistryException.Incompatible.class)
        .hasMessageContaining("409");
  }

  @Test
  void transientFailuresAreRetriedWithBoundedExponentialBackoff() {
    server.failNext(3, 503);
    assertThat(client.register("orders-value", V1)).isPositive();
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void givesUpAfterMaxAttemptsWithUnavailable() {
    server.failNext(10, 500);
    assertThatThrownBy(() -> client.register("orders-value", V1))
        .isInstanceOf(SchemaRegistryException.Unavailable.class)
        .hasMessageContaining("after 4 attempts")
        .hasMessageContaining("500");
    assertThat(server.requests.get()).isEqualTo(4);
  }

  @Test
  void unreachableRegistryIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    var down = new ConfluentRestSchemaRegistry(
        RegistryConfig.of("http://127.0.0.1:" + closedPort).withRetries(2, Duration.ofMillis(1), Duration.ofMillis(1)),
        sleeps::add);
    assertThatThrownBy(() -> down.schemaById(1))
        .isInstanceOf(SchemaRegistryException.Unavailable.class)
        .hasMessageContaining("ConnectException");
  }

  @Test
  void slowAnswersTimeOutAndCountAsUnavailable() {
    server.delay(1_000);
    var impatient = new ConfluentRestSchemaRegistry(
        RegistryConfig.of(server.url()).withTimeout(Duration.ofMillis(200)).withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    assertThatThrownBy(() -> impatient.subjects())
        .isInstanceOf(SchemaRegistryException.Unavailable.class)
        .hasMessageContaining("Timeout");
  }

  @Test
  void cachingClientAsksTheRegistryOncePerIdAndSchema() {
    SchemaRegistry cached = new CachingSchemaRegistry(client);
    int id = cached.register("orders-value", V1);
    int before = server.requests.get();
    for (int i = 0; i < 100; i++) {
      assertThat(cached.register("orders-value", V1)).isEqualTo(id);
      assertThat(cached.schemaById(id)).isEqualTo(V1);
      assertThat(cached.lookup("orders-value", V1)).isEqualTo(id);
    }
    assertThat(server.requests.get()).isEqualTo(before);
  }

  @Test
  void rejectsBadConfig() {
    assertThatThrownBy(() -> RegistryConfig.of("ftp://x")).hasMessageContaining("http(s)");
    assertThatThrownBy(() -> RegistryConfig.of("http://x").withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("maxAttempts");
  }

  @Test
  void theConfigDescribesTheSharedRetryPolicy() {
    var policy = RegistryConfig.of("http://x").retryPolicy();
    assertThat(policy.maxAttempts()).isEqualTo(6);
    assertThat(java.util.stream.IntStream.rangeClosed(1, 5).mapToObj(policy::delay)).containsExactly(
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600));
    assertThat(policy.delay(6)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.deadline()).isEmpty();
    assertThat(policy.jitter()).isZero();
    // a first wait longer than the cap is kept, as before; later waits stay at it (they used to drop to the cap)
    var odd = RegistryConfig.of("http://x").withRetries(3, Duration.ofMillis(300), Duration.ofMillis(100)).retryPolicy();
    assertThat(odd.delay(1)).isEqualTo(Duration.ofMillis(300));
    assertThat(odd.delay(2)).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void onlyIoFailuresAndRetriableAnswersAreRetried() {
    assertThat(ConfluentRestSchemaRegistry.RETRIABLE.isRetriable(new java.net.ConnectException("refused"))).isTrue();
    assertThat(ConfluentRestSchemaRegistry.RETRIABLE.isRetriable(
        new SchemaRegistryException.NotFound("GET /x -> HTTP 404", 404, 40401))).isFalse();
  }

  @Test
  void basicAuthIsSentAsAnAuthorizationHeaderAndAWrongPasswordIsRefused() {
    server.requireBasicAuth("sr-user:s3cret");
    var authenticated = new ConfluentRestSchemaRegistry(
        RegistryConfig.of(server.url()).withBasicAuth(java.util.Optional.of("sr-user:s3cret")), sleeps::add);
    int id = authenticated.register("t-value", V1);
    assertThat(authenticated.schemaById(id)).isEqualTo(V1);
    assertThat(server.authorizations).contains("Basic c3ItdXNlcjpzM2NyZXQ=");

    var wrong = new ConfluentRestSchemaRegistry(
        RegistryConfig.of(server.url()).withBasicAuth(java.util.Optional.of("sr-user:wrong")), sleeps::add);
    assertThatThrownBy(() -> wrong.schemaById(id)).isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("HTTP 401").message().doesNotContain("wrong");
    assertThatThrownBy(() -> client.schemaById(id)).hasMessageContaining("HTTP 401");
  }

  @Test
  void userInfoInTheUrlBecomesBasicAuthAndLeavesTheUrl() {
    server.requireBasicAuth("sr-user:p@ss");
    RegistryConfig config = RegistryConfig.of(server.url().replace("http://", "http://sr-user:p%40ss@"));
    assertThat(config.baseUrl().toString()).isEqualTo(server.url());
    assertThat(config.basicAuth()).isEqualTo("sr-user:p@ss");
    assertThat(config.toString()).contains("basicAuth=sr-user:********").doesNotContain("p@ss");
    var fromUrl = new ConfluentRestSchemaRegistry(config, sleeps::add);
    assertThat(fromUrl.register("t-value", V1)).isPositive();
  }
}
