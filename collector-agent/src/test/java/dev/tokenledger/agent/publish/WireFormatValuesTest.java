package dev.tokenledger.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class WireFormatValuesTest {

  @Test
  void valuesCarryTheSchemaIdOfTheirFormatRegisteredOncePerFormat() {
    List<String> registered = new ArrayList<>();
    SchemaRegistry registry = (SchemaRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SchemaRegistry.class}, (proxy, method, args) -> {
          if (!method.getName().equals("register")) {
            throw new UnsupportedOperationException(method.getName());
          }
          registered.add(args[0] + " " + ((Schema) args[1]).getFullName());
          return registered.size() == 1 ? 7 : 0x01020304;
        });
    WireFormatValues values = new WireFormatValues(registry, "usage.events.v1");
    assertThat(values.header("")).containsExactly(0, 0, 0, 0, 7);
    byte[] v = values.value(new SpoolRecord(1, 0, UUID.randomUUID(), new byte[] {9, 8}, ""));
    assertThat(v).containsExactly(0, 0, 0, 0, 7, 9, 8);
    String older = "{\"type\":\"record\",\"name\":\"UsageEvent\",\"namespace\":\"dev.tokenledger.events\",\"fields\":[]}";
    assertThat(values.value(new SpoolRecord(2, 0, UUID.randomUUID(), new byte[] {5}, older)))
        .containsExactly(0, 1, 2, 3, 4, 5);
    values.value(new SpoolRecord(3, 0, UUID.randomUUID(), new byte[0], older));
    assertThat(registered).containsExactly("usage.events.v1-value " + UsageEvent.getClassSchema().getFullName(),
        "usage.events.v1-value dev.tokenledger.events.UsageEvent");
  }
}
