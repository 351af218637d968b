package dev.tokenledger.processor.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.config.StreamsSettingsParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams properties carry the standby replicas and the shared security settings. */
class StreamsPropertiesTest {

  @TempDir
  Path dir;

  @Test
  void standbyReplicasAndSecurityReachTheStreamsClient() throws Exception {
    Path f = Files.writeString(dir.resolve("streams.toml"), """
        [kafka]
        standby_replicas = 1
        security_protocol = "SASL_SSL"
        sasl_mechanism = "SCRAM-SHA-512"
        sasl_username = "streams"
        sasl_password_file = "pw"
        """);
    Files.writeString(dir.resolve("pw"), "str3ams-pw\n");
    StreamsSettings s = StreamsSettingsParser.parse(Optional.of(f), Map.of());
    Properties p = StreamsApp.streamsProperties(s.kafka());
    assertThat(p).containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers());
    assertThat((String) p.get("sasl.jaas.config")).contains("password=\"str3ams-pw\"");
    assertThat(s.toString()).doesNotContain("str3ams-pw");
    assertThat(StreamsApp.streamsProperties(StreamsSettingsParser.parse(Optional.empty(), Map.of()).kafka()))
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0).doesNotContainKey("security.protocol");
  }
}
