package dev.tokenledger.agent.source.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.bench.ClaudeCorpusGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass scanner against the full parser, field by field: on every line it answers, it must give
 * what {@link ClaudeLineParser} gives; a line the full parser refuses it must leave undecided.
 */
class ClaudeLineScannerTest {

  private final ClaudeLineParser full = new ClaudeLineParser();

  @Test
  void everyFixtureLineReadsAsTheFullParserReadsIt() throws IOException {
    List<Path> files = jsonlFiles(Path.of("src/test/resources/fixtures"));
    assertThat(files).hasSizeGreaterThan(10);
    int decided = 0;
    int lines = 0;
    for (Path f : files) {
      for (byte[] line : lines(Files.readAllBytes(f))) {
        lines++;
        if (same(line, f + " line " + lines)) {
          decided++;
        }
      }
    }
    // the fixtures are real-world and hand-made traps: most lines are still read in one pass
    assertThat(decided).as("lines answered by the scanner, of %d", lines).isGreaterThan(lines * 3 / 4);
  }

  @Test
  void generatedCorporaReadAsTheFullParserReadsThem(@TempDir Path dir) throws IOException {
    for (long seed : new long[] {1, 7, 42}) {
      Path corpus = dir.resolve("seed" + seed);
      ClaudeCorpusGenerator.generate(corpus, 3 << 20, seed);
      int lines = 0;
      int decided = 0;
      int assistant = 0;
      for (Path f : jsonlFiles(corpus)) {
        for (byte[] line : lines(Files.readAllBytes(f))) {
          lines++;
          if (same(line, f + " line " + lines)) {
            decided++;
            ClaudeLine l = ClaudeLineScanner.scan(line, 0, line.length);
            if ("assistant".equals(l.type) && l.hasUsage) {
              assistant++;
            }
          }
        }
      }
      assertThat(decided).as("seed %d: every generated line is answered in one pass", seed).isEqualTo(lines);
      assertThat(assistant).isPositive();
    }
  }

  @Test
  void valuesTakenFromThePreviousLinesAreTheValuesOfThisLine(@TempDir Path dir) throws IOException {
    List<Path> files = new ArrayList<>(jsonlFiles(Path.of("src/test/resources/fixtures")));
    ClaudeCorpusGenerator.generate(dir, 1 << 20, 3);
    files.addAll(jsonlFiles(dir));
    int lines = 0;
    for (Path f : files) {
      ClaudeLineScanner.Recent recent = new ClaudeLineScanner.Recent();
      for (byte[] line : lines(Files.readAllBytes(f))) {
        lines++;
        ClaudeLine alone = ClaudeLineScanner.scan(line, 0, line.length);
        ClaudeLine inTurn = ClaudeLineScanner.scan(line, 0, line.length, recent);
        assertThat(inTurn == null ? null : render(inTurn)).as("%s line %d", f, lines)
            .isEqualTo(alone == null ? null : render(alone));
      }
    }
    assertThat(lines).isGreaterThan(300);
    // the same length, other bytes; the same bytes after a line without the field; a non-string value between
    ClaudeLineScanner.Recent recent = new ClaudeLineScanner.Recent();
    String[] values = {"\"main\"", "\"mait\"", "\"ma\u00efn\"", "null", "\"main\"", "7", "\"main\"", "\"\""};
    for (String v : values) {
      for (String field : new String[] {"cwd", "sessionId", "version", "gitBranch", "agentId", "requestId"}) {
        String text = "{\"" + field + "\":" + v + ",\"type\":\"assistant\",\"message\":{\"model\":" + v + ",\"id\":" + v
            + ",\"content\":[{\"type\":" + v + ",\"name\":" + v + "}],\"usage\":{\"service_tier\":" + v + ",\"speed\":" + v
            + "}}}";
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        ClaudeLine inTurn = ClaudeLineScanner.scan(line, 0, line.length, recent);
        assertThat(inTurn).as(text).isNotNull();
        assertThat(render(inTurn)).as(text).isEqualTo(render(ClaudeLineScanner.scan(line, 0, line.length)));
        assertThat(same(line, text)).isTrue();
      }
    }
  }

  @Test
  void damagedLinesAreEitherReadAlikeOrLeftToTheFullParser() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (Path f : jsonlFiles(Path.of("src/test/resources/fixtures/claude-code"))) {
      // assistant lines, and user / progress lines the parsers stop at their type
      seeds.addAll(lines(Files.readAllBytes(f)));
    }
    assertThat(seeds).isNotEmpty();
    Random random = new Random(20261207);
    byte[] alphabet = "{}[]\":,\\ \t\n0123456789-+.eEtruefalsn\u00e9x".getBytes(StandardCharsets.UTF_8);
    int refused = 0;
    for (int n = 0; n < 40_000; n++) {
      byte[] line = seeds.get(random.nextInt(seeds.size())).clone();
      byte[] damaged = switch (random.nextInt(4)) {
        case 0 -> java.util.Arrays.copyOf(line, random.nextInt(line.length)); // truncated
        case 1 -> { // one byte replaced
          line[random.nextInt(line.length)] = alphabet[random.nextInt(alphabet.length)];
          yield line;
        }
        case 2 -> { // one byte removed
          int at = random.nextInt(line.length);
          byte[] out = new byte[line.length - 1];
          System.arraycopy(line, 0, out, 0, at);
          System.arraycopy(line, at + 1, out, at, line.length - at - 1);
          yield out;
        }
        default -> { // a raw byte of any value
          line[random.nextInt(line.length)] = (byte) random.nextInt(256);
          yield line;
        }
      };
      if (!parses(damaged)) {
        refused++;
      }
      same(damaged, "damaged line " + n + ": " + new String(damaged, StandardCharsets.UTF_8));
    }
    assertThat(refused).as("the damage reaches the full parser's refusals").isGreaterThan(10_000);
  }

  @Test
  void hostileLines() throws IOException {
    String head = "{\"parentUuid\":null,\"isSidechain\":false,\"sessionId\":\"s1\",\"cwd\":\"/w\",\"version\":\"2.1.0\","
        + "\"gitBranch\":\"main\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-sonnet-4-5\",";
    String usage = "\"usage\":{\"input_tokens\":10,\"output_tokens\":20,\"cache_creation_input_tokens\":30,"
        + "\"cache_read_input_tokens\":40,\"cache_creation\":{\"ephemeral_5m_input_tokens\":5,"
        + "\"ephemeral_1h_input_tokens\":25},\"server_tool_use\":{\"web_search_requests\":2},"
        + "\"output_tokens_details\":{\"thinking_tokens\":7},\"service_tier\":\"standard\"}";
    String tail = ",\"requestId\":\"req_1\",\"type\":\"assistant\",\"uuid\":\"u1\",\"timestamp\":\"2026-01-01T00:00:00.000Z\"}";
    String content = "\"content\":[{\"type\":\"text\",\"text\":\"hi \\\"usage\\\":{\\\"input_tokens\\\":999} caf\u00e9 \\u00e9 \\n"
        + " \ud83d\ude00\"},{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"usage\":{\"input_tokens\":5},"
        + "\"n\":[1,-2.5e-3,0,true,false,null,{}],\"s\":\"\\\\\\/\\b\\f\\r\\t\"}}],\"stop_reason\":\"end_turn\",";
    String normal = head + content + usage + "}" + tail;
    ClaudeLine read = decided(normal);
    assertThat(read.input).isEqualTo(10);
    assertThat(read.cacheCreation).isEqualTo(30);
    assertThat(read.ephemeral1h).isEqualTo(25);
    assertThat(read.webSearch).isEqualTo(2);
    assertThat(read.thinking).isEqualTo(7);
    assertThat(read.toolUses).hasSize(1);
    assertThat(read.stopReason).isTrue();
    assertThat(read.contentChars).isGreaterThan(40);

    // usage before the content, keys reordered, the tail's fields first
    decided("{\"type\":\"assistant\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"uuid\":\"u\",\"message\":{" + usage + ","
        + content + "\"model\":\"m\",\"id\":\"x\"},\"isSidechain\":true,\"agentId\":\"a\"}");
    // a second usage object and a second message: the later values win in both readers
    decided(head + content + usage + "," + usage.replace("10", "11") + "}" + tail);
    decided(head + content + usage + "}," + "\"message\":{\"model\":\"other\"}" + tail);
    // user / progress lines stop at their type, whatever follows
    decided("{\"type\":\"user\",\"message\":{\"content\":[" + "\"x\"".repeat(3) + "]} not json at all");
    decided("{\"type\":7,\"message\":{}}");
    // a literal or number as the type, then something no value ends with: the full parser's own rules
    // (it refuses "truex" but not "7x": it never reads the next token after the type)
    undecided("{\"type\":truex,\"message\":{\"usage\":{}}}");
    undecided("{\"type\":7x,\"message\":{\"usage\":{}}}");
    same(ascii("{\"type\":truex,\"message\":{\"usage\":{}}}"), "truex");
    same(ascii("{\"type\":nullx}"), "nullx");
    same(ascii("{\"type\":7x}"), "7x");
    // null counts are absent; a null stop_reason is not final; whitespace anywhere JSON allows it
    decided(head.replace(",\"message\"", " ,\r\n\t\"message\" ") + "\"stop_reason\":null,\"usage\":{\"input_tokens\":null,"
        + "\"output_tokens\":0,\"cache_creation_input_tokens\":null}}" + tail + "  ");
    // mistyped values the full parser turns into null / false
    decided(head + "\"usage\":{\"input_tokens\":1,\"service_tier\":5,\"cache_creation\":[1]},\"content\":{}}"
        + tail.replace("\"uuid\":\"u1\"", "\"uuid\":{\"a\":[]},\"isApiErrorMessage\":\"true\""));

    // left to the full parser: escapes in kept values or keys, costUSD, odd numbers, scalars in content,
    // truncation, trailing content, invalid UTF-8, control characters, bad escapes, deep nesting
    String[][] replaced = {
        {"\"uuid\":\"u1\"", "\"uuid\":\"u\\u0031\""},
        {"\"type\":\"assistant\"", "\"t\\u0079pe\":\"assistant\""},
        {"\"requestId\"", "\"costUSD\":0.5,\"requestId\""},
        {"\"input_tokens\":10", "\"input_tokens\":-10"},
        {"\"input_tokens\":10", "\"input_tokens\":1.0"},
        {"\"input_tokens\":10", "\"input_tokens\":1e3"},
        {"\"input_tokens\":10", "\"input_tokens\":99999999999999999999999"},
        {"\"input_tokens\":10", "\"input_tokens\":010"},
        {"\"input_tokens\":10", "\"input_tokens\":\"10\""},
        {"\"web_search_requests\":2", "\"web_search_requests\":3000000000"},
        {"\"content\":[", "\"content\":[\"scalar\","},
        {"caf\u00e9", "caf\\x"},
        {"hi ", "hi \u0001"},
        {"-2.5e-3", "-2.5e"},
        {"-2.5e-3", "01"},
        {"true,false", "True,false"},
        {"[1,", "[1,,"},
        {"{}]", "{},]"},
        {"\"n\":[", "\"deep\":" + "[".repeat(100) + "]".repeat(100) + ",\"n\":["},
    };
    for (String[] r : replaced) {
      assertThat(normal).contains(r[0]);
      undecided(normal.replace(r[0], r[1]));
    }
    undecided(normal.substring(0, normal.length() - 1));
    undecided(normal.substring(0, normal.indexOf("\"usage\"") + 20));
    undecided(normal + "{}");
    undecided(head + content + usage + "}" + tail.replace("\"type\"", "\"type\" \"x\":"));
    // nesting: 64 levels inside the line's own object are read, one more is left to the full parser
    decided("{\"type\":\"assistant\",\"x\":" + "[".repeat(64) + "]".repeat(64) + "}");
    undecided("{\"type\":\"assistant\",\"x\":" + "[".repeat(65) + "]".repeat(65) + "}");
    byte[] invalidUtf8 = normal.getBytes(StandardCharsets.UTF_8);
    int at = normal.indexOf("caf\u00e9") + 3;
    invalidUtf8[at] = (byte) 0xC0; // an overlong lead byte
    assertThat(ClaudeLineScanner.scan(invalidUtf8, 0, invalidUtf8.length)).isNull();
    same(invalidUtf8, "invalid UTF-8");

    // the line is a slice of a larger buffer: nothing outside it is read
    byte[] line = normal.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[line.length + 20];
    System.arraycopy(line, 0, buf, 10, line.length);
    assertThat(render(ClaudeLineScanner.scan(buf, 10, 10 + line.length))).isEqualTo(render(read));
    assertThat(ClaudeLineScanner.scan(buf, 10, 10 + line.length - 1)).isNull();

    // a line cut inside a literal, with the rest of the literal in the buffer after its end (stale bytes
    // of an earlier read): the scanner must not read them and answer, the full parser refuses the line
    byte[] cut = "{\"type\":nu".getBytes(StandardCharsets.UTF_8);
    byte[] stale = Arrays.copyOf(cut, cut.length + 3);
    stale[cut.length] = 'l';
    stale[cut.length + 1] = 'l';
    stale[cut.length + 2] = '}';
    assertThat(ClaudeLineScanner.scan(stale, 0, cut.length)).as("cut inside a literal").isNull();
  }

  private ClaudeLine decided(String text) throws IOException {
    byte[] line = text.getBytes(StandardCharsets.UTF_8);
    ClaudeLine scanned = ClaudeLineScanner.scan(line, 0, line.length);
    assertThat(scanned).as("answered in one pass: %s", text).isNotNull();
    assertThat(same(line, text)).isTrue();
    return scanned;
  }

  private void undecided(String text) throws IOException {
    byte[] line = text.getBytes(StandardCharsets.UTF_8);
    assertThat(ClaudeLineScanner.scan(line, 0, line.length)).as("left to the full parser: %s", text).isNull();
  }

  /** Whether the scanner answered; when it did, its answer must be the full parser's. */
  private boolean same(byte[] line, String what) {
    ClaudeLine scanned = ClaudeLineScanner.scan(line, 0, line.length);
    ClaudeLine parsed;
    try {
      parsed = full.parse(line, 0, line.length);
    } catch (IOException | RuntimeException e) {
      assertThat(scanned).as("the full parser refuses %s (%s): the scanner must not answer", what, e.getMessage())
          .isNull();
      return false;
    }
    if (scanned == null) {
      return false;
    }
    assertThat(render(scanned)).as(what).isEqualTo(render(parsed));
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private boolean parses(byte[] line) {
    try {
      full.parse(line, 0, line.length);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Every field of a line, in one string. */
  private static String render(ClaudeLine l) {
    StringBuilder s = new StringBuilder();
    s.append("type=").append(l.type).append(" uuid=").append(l.uuid).append(" timestamp=").append(l.timestamp)
        .append(" sessionId=").append(l.sessionId).append(" cwd=").append(l.cwd).append(" gitBranch=")
        .append(l.gitBranch).append(" version=").append(l.version).append(" sidechain=").append(l.sidechain)
        .append(" agentId=").append(l.agentId).append(" requestId=").append(l.requestId).append(" apiError=")
        .append(l.apiError).append(" costUsd=").append(l.costUsd).append(" messageId=").append(l.messageId)
        .append(" model=").append(l.model).append(" hasUsage=").append(l.hasUsage).append(" input=").append(l.input)
        .append(" output=").append(l.output).append(" cacheCreation=").append(l.cacheCreation).append(" cacheRead=")
        .append(l.cacheRead).append(" e5m=").append(l.ephemeral5m).append(" e1h=").append(l.ephemeral1h)
        .append(" thinking=").append(l.thinking).append(" webSearch=").append(l.webSearch).append(" webFetch=")
        .append(l.webFetch).append(" tier=").append(l.serviceTier).append(" speed=").append(l.speed)
        .append(" stopReason=").append(l.stopReason).append(" contentChars=").append(l.contentChars)
        .append(" invalid=").append(l.invalid).append(" tools=");
    for (String[] t : l.toolUses) {
      s.append(t[0]).append('/').append(t[1]).append(';');
    }
    return s.toString();
  }

  private static List<Path> jsonlFiles(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(f -> f.toString().endsWith(".jsonl")).sorted().collect(Collectors.toList());
    }
  }

  /** The lines of a file, without newline and trailing CR (as the line reader hands them over). */
  private static List<byte[]> lines(byte[] data) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n') {
        int end = i;
        if (end > start && data[end - 1] == '\r') {
          end--;
        }
        if (end > start) {
          out.add(java.util.Arrays.copyOfRange(data, start, end));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
