package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnswerRendererTest {

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger renders = new AtomicInteger();
  private final List<Column> columns = List.of(Column.text("team"), Column.integer("requests"), Column.money("cost_usd"));

  private Answer answer(Object source, String queryId, String next) {
    return Answer.of(AnswerWriter.JSON.createObjectNode().put("query_id", queryId), columns, source, () -> {
      renders.incrementAndGet();
      return List.of(List.of("platform", 3L, new BigDecimal("1.500000000")), new ArrayList<>(java.util.Arrays.asList("data", 1L, null)));
    }, next);
  }

  @Test
  void theFrameIsPerRequestAndTheRowsOfASharedSourceAreRenderedOnce() throws Exception {
    AnswerRenderer renderer = new AnswerRenderer(1 << 20);
    Object page = new Object();
    JsonNode first = json.readTree(renderer.json(answer(page, "q1", null)));
    JsonNode second = json.readTree(renderer.json(answer(page, "q2", "abc")));
    assertThat(renders).hasValue(1);
    assertThat(first.get("query_id").asText()).isEqualTo("q1");
    assertThat(second.get("query_id").asText()).isEqualTo("q2");
    assertThat(second.get("next").asText()).isEqualTo("abc");
    assertThat(second.get("truncated").asBoolean()).isTrue();
    assertThat(first.get("next").isNull()).isTrue();
    assertThat(first.get("rows")).isEqualTo(second.get("rows"));
    assertThat(first.get("rows").get(0).get("cost_usd").asText()).isEqualTo("1.500000000");
    assertThat(first.get("rows").get(1).get("cost_usd").isNull()).isTrue();
    assertThat(new String(renderer.csv(answer(page, "q3", null)), StandardCharsets.UTF_8))
        .isEqualTo("team,requests,cost_usd\r\nplatform,3,1.500000000\r\ndata,1,\r\n");
    assertThat(renders).hasValue(2);
    renderer.json(answer(new Object(), "q4", null));
    assertThat(renders).as("another source, its own rendering").hasValue(3);
    renderer.json(answer(null, "q5", null));
    renderer.json(answer(null, "q6", null));
    assertThat(renders).as("no source, nothing shared").hasValue(5);
  }

  @Test
  void rememberedRenderingsStayWithinTheirBound() {
    AnswerRenderer renderer = new AnswerRenderer(250); // two renderings of about 100 bytes fit, not three
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    renderer.json(answer(a, "q", null));
    renderer.json(answer(b, "q", null));
    renderer.json(answer(c, "q", null));
    assertThat(renders).hasValue(3);
    renderer.json(answer(c, "q", null));
    assertThat(renders).as("c remembered").hasValue(3);
    renderer.json(answer(a, "q", null));
    assertThat(renders).as("a made room for c").hasValue(4);
  }

  @Test
  void anEmptyFrameStillMakesValidJson() throws Exception {
    AnswerRenderer renderer = new AnswerRenderer(1 << 20);
    Answer bare = Answer.of(AnswerWriter.JSON.createObjectNode(), columns, null, List::of, null);
    assertThat(json.readTree(renderer.json(bare)).toString()).isEqualTo("{\"rows\":[],\"truncated\":false,\"next\":null}");
  }
}
