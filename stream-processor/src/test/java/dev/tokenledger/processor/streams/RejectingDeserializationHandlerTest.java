package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** An undecodable record of a serde-read topic becomes a rejection written by Streams; a registry outage stops the task. */
class RejectingDeserializationHandlerTest {

  private final Topics topics = Topics.withPrefix("t.");
  private final TopologySerdes serdes = TopologySerdes.create(new InMemorySchemaRegistry());
  private final RejectingDeserializationHandler handler = new RejectingDeserializationHandler();
  private final ConsumerRecord<byte[], byte[]> record =
      new ConsumerRecord<>("app-priced-by-org-repartition", 2, 41L, "acme".getBytes(StandardCharsets.UTF_8), new byte[] {0, 9, 9});

  RejectingDeserializationHandlerTest() {
    handler.configure(RejectingDeserializationHandler.configs(topics.rejected(), serdes.rejected()));
  }

  private static ErrorHandlerContext context(TaskId task) {
    return new ErrorHandlerContext() {
      public String topic() { return "app-priced-by-org-repartition"; }
      public int partition() { return 2; }
      public long offset() { return 41; }
      public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
      public String processorNodeId() { return "source"; }
      public TaskId taskId() { return task; }
      public long timestamp() { return 0; }
      public byte[] sourceRawKey() { return null; }
      public byte[] sourceRawValue() { return null; }
    };
  }

  @Test
  void writesARejectionWithThePayloadAndResumes() {
    var response = handler.handleError(context(new TaskId(1, 2)), record,
        new WireFormatException.UnknownMagicByte("app-priced-by-org-repartition", 9));
    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo(topics.rejected());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("app-priced-by-org-repartition/2/41");
      RejectedEvent rejected = serdes.rejected().decode(topics.rejected(), r.value());
      assertThat(rejected.getReason()).isEqualTo(RejectReason.DESERIALIZATION);
      assertThat(rejected.getSourceOffset()).isEqualTo(41L);
      assertThat(rejected.getPayload().array()).containsExactly(0, 9, 9);
    });
  }

  @Test
  void failsWhenTheRegistryIsDown() {
    var response = handler.handleError(context(new TaskId(1, 2)), record,
        new WireFormatException.RegistryUnavailable("registry refused", new RuntimeException("refused")));
    assertThat(response.result()).isEqualTo(Result.FAIL);
  }
}
