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
  void readingUpToTheNewlineGivesWhatReadingTheLineGives(@TempDir Path dir) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (Path f : jsonlFiles(Path.of("src/test/resources/fixtures"))) {
      lines.addAll(lines(Files.readAllBytes(f)));
    }
    ClaudeCorpusGenerator.generate(dir, 1 << 20, 11);
    for (Path f : jsonlFiles(dir)) {
      lines.addAll(lines(Files.readAllBytes(f)));
    }
    Random random = new Random(20261208);
    byte[] alphabet = "{}[]\":,\\ \t\r\n0123456789-.etrufalsn\u00e9x".getBytes(StandardCharsets.UTF_8);
    int whole = 0;
    int stopped = 0;
    for (int n = 0; n < lines.size() * 4; n++) {
      byte[] line = lines.get(n % lines.size()).clone();
      if (n >= lines.size()) { // damaged copies: a byte set to one of the alphabet's (newlines among them)
        for (int k = random.nextInt(3); k >= 0; k--) {
          line[random.nextInt(line.length)] = alphabet[random.nextInt(alphabet.length)];
        }
      }
      // the line in a buffer: bytes before it, its newline (or CRLF, or whitespace first), and more after
      String ending = switch (n % 4) {
        case 0 -> "\n";
        case 1 -> "\r\n";
        case 2 -> " \t\r\n";
        default -> "";
      };
      byte[] buf = concat(utf8("xx\n"), line, utf8(ending), utf8("{\"type\":\"user\"}\n"));
      int start = 3;
      ClaudeLine fused = ClaudeLineScanner.scanToNewline(buf, start, buf.length, null);
      int newline = indexOf(buf, start, (byte) '\n');
      int end = newline > start && buf[newline - 1] == '\r' ? newline - 1 : newline;
      String what = n + ": " + new String(buf, StandardCharsets.UTF_8);
      if (fused == null) {
        continue;
      }
      // what the line mode answers, the full parser reads the same way
      assertThat(same(Arrays.copyOfRange(buf, start, end), what)).as("answered, so read alike: %s", what).isTrue();
      if (fused.newline >= 0) {
        whole++;
        assertThat(fused.newline).as(what).isEqualTo(newline);
        ClaudeLine alone = ClaudeLineScanner.scan(buf, start, end);
        assertThat(alone).as("read alone: %s", what).isNotNull();
        assertThat(render(fused)).as(what).isEqualTo(render(alone));
      } else {
        stopped++;
        assertThat(fused.stoppedAt).as(what).isBetween(start, newline);
        ClaudeLine alone = ClaudeLineScanner.scan(buf, start, end);
        assertThat(alone).as("read alone: %s", what).isNotNull();
        assertThat(render(fused)).as(what).isEqualTo(render(alone));
      }
    }
    assertThat(whole).isGreaterThan(lines.size() / 2);
    assertThat(stopped).isPositive();
    // the newline is not whitespace: a line with one between its tokens is not read across it
    byte[] split = utf8("{\"type\":\"assistant\",\n\"message\":{}}\n");
    assertThat(ClaudeLineScanner.scanToNewline(split, 0, split.length, null)).isNull();
    // the newline not in the buffer yet
    byte[] cut = utf8("{\"type\":\"assistant\",\"message\":{}}  ");
    assertThat(ClaudeLineScanner.scanToNewline(cut, 0, cut.length, null)).isNull();
  }

  private static int indexOf(byte[] buf, int from, byte b) {
    for (int i = from; i < buf.length; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
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

  /** How many of {@link #PIECES} are valid (the first ones). */
  private static final int VALID_PIECES = 18;

  /** Valid and invalid pieces of a string's bytes: UTF-8 sequences, escapes, and what neither may be. */
  private static final byte[][] PIECES = {
      utf8("\u00e9"), utf8("\u00e9\u00e9\u00e9\u00e9"), utf8("\u6570"), utf8("\u6570\u636e"), utf8("\ud83d\ude00"),
      utf8("\u0436\u6570\u00e9\ud83d\ude00"), utf8("\u07ff\u0800\uffff"), utf8("\ud7ff\ue000"), utf8("\u0080"),
      utf8("\\n"), utf8("\\\""), utf8("\\\\"), utf8("\\t"), utf8("\\/"), utf8("\\u00e9"), utf8("\\uD83D\\uDE00"),
      utf8("\\n\u00e9\\\"\u6570"), utf8("\\b\\f\\r"),
      // invalid: a lone continuation, overlong forms, a surrogate, past U+10FFFF, bytes no character starts
      // with, a sequence cut short by an ASCII byte or by the quote, a control character, bad escapes
      bytes(0x80), bytes(0xBF), bytes(0xC0, 0xAF), bytes(0xC1, 0xBF), bytes(0xE0, 0x80, 0x80), bytes(0xE0, 0x9F, 0xBF),
      bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), bytes(0xF0, 0x80, 0x80, 0x80), bytes(0xF0, 0x8F, 0xBF, 0xBF),
      bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80), bytes(0xF8), bytes(0xFF), bytes(0xC3, 'a'),
      bytes(0xC3), bytes(0xE6, 0x95), bytes(0xE6, 0x95, 'a'), bytes(0xE6, 'a', 0x95), bytes(0xF0, 0x9F, 0x98),
      bytes(0xC3, 0xA9, 0xA9), bytes(0xE6, 0x95, 0xB0, 0xB0), bytes(0x01), bytes(0x1F), bytes(0x7F),
      utf8("\\x"), utf8("\\u12G4"), utf8("\\u12"), utf8("\\"), utf8("\\'"),
  };

  @Test
  void stringPiecesAtEveryPositionOfAWordReadAsTheFullParserReadsThem() throws IOException {
    String head = "{\"type\":\"assistant\",\"message\":{\"model\":\"m\",\"usage\":{\"output_tokens\":1},"
        + "\"content\":[{\"type\":\"text\",\"text\":\"";
    int decided = 0;
    int refused = 0;
    for (int k = 0; k < PIECES.length; k++) {
      byte[] piece = PIECES[k];
      boolean valid = k < VALID_PIECES;
      for (int before = 0; before <= 17; before++) {
        for (int after = 0; after <= 17; after++) {
          String pad = "abcdefghijklmnopqrstu";
          // in a text block (counted), in a value skipped, and as the last string of the line, whose bytes
          // end within a word of the line's end
          byte[][] lines = {
              concat(utf8(head + pad.substring(0, before)), piece, utf8(pad.substring(0, after) + "\"}]}}")),
              concat(utf8("{\"type\":\"assistant\",\"x\":[\"" + pad.substring(0, before)), piece,
                  utf8(pad.substring(0, after) + "\"],\"message\":{\"usage\":{}}}")),
              concat(utf8("{\"type\":\"assistant\",\"z\":\"" + pad.substring(0, before)), piece,
                  utf8(pad.substring(0, after % 8) + "\"}")),
          };
          for (byte[] line : lines) {
            String what = Arrays.toString(piece) + " after " + before + " before " + after + ": "
                + new String(line, StandardCharsets.ISO_8859_1);
            if (same(line, what)) {
              decided++;
            } else {
              // the scanner may leave to the full parser what it accepts (Jackson, for one, takes some
              // overlong two-byte forms), never what it refuses; a valid piece is read in one pass
              assertThat(valid).as("answered in one pass: %s", what).isFalse();
              refused++;
            }
          }
        }
      }
    }
    assertThat(decided).isPositive();
    assertThat(refused).isPositive();
  }

  @Test
  void aSequenceCutShortByTheNextSequenceIsRefusedAtEveryPositionOfAWord() throws IOException {
    // a lead byte whose continuation is another lead: the pair may straddle the end of a word, where the
    // word loop takes the word only up to the second lead
    byte[][] cutShort = {bytes(0xC3), bytes(0xE1), bytes(0xE1, 0x80), bytes(0xF0), bytes(0xF0, 0x9F), bytes(0xF0, 0x9F, 0x98)};
    byte[][] then = {utf8("\u00e9"), utf8("\u6570"), utf8("\ud83d\ude00"), bytes(0xC3, 0xA9, 0xC3, 0xA9), utf8("\u6570\u00e9")};
    int checked = 0;
    for (byte[] first : cutShort) {
      for (byte[] second : then) {
        byte[] next = second[0] == '\\' ? utf8(new String(second, StandardCharsets.UTF_8).translateEscapes()) : second;
        for (int before = 0; before <= 16; before++) {
          byte[] line = concat(utf8("{\"type\":\"assistant\",\"z\":\"" + "abcdefghijklmnopq".substring(0, before)), first, next,
              utf8("abcdefgh\"}"));
          String what = Arrays.toString(first) + " then " + Arrays.toString(next) + " after " + before;
          assertThat(parses(line)).as("the full parser refuses %s", what).isFalse();
          assertThat(same(line, what)).isFalse();
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(6 * 5 * 17);
  }

  @Test
  void randomRunsOfNonAsciiBytesAtEveryAlignmentReadAsTheFullParserReadsThem() throws IOException {
    int[] alphabet = {0x80, 0xBF, 0xC2, 0xC3, 0xA9, 0xE0, 0xE1, 0xE6, 0xED, 0x95, 0xF0, 0xF4, 0x9F, 0x98, 'a', '"'};
    java.util.Random random = new java.util.Random(7);
    int decided = 0;
    for (int round = 0; round < 40_000; round++) {
      int before = random.nextInt(17);
      byte[] run = new byte[1 + random.nextInt(12)];
      for (int k = 0; k < run.length; k++) {
        run[k] = (byte) alphabet[random.nextInt(alphabet.length)];
      }
      byte[] line = concat(utf8("{\"type\":\"assistant\",\"z\":\"" + "abcdefghijklmnopq".substring(0, before)), run,
          utf8("abcdefgh\"}"));
      if (same(line, Arrays.toString(run) + " after " + before)) {
        decided++;
      }
    }
    assertThat(decided).as("some runs are valid and read in one pass").isPositive();
  }

  @Test
  void keysOfEveryKnownLengthAndTheirNearMisses() throws IOException {
    String[] top = {"type", "uuid", "cwd", "message", "version", "agentId", "sessionId", "timestamp", "requestId",
        "gitBranch", "isSidechain", "isApiErrorMessage"};
    String[] message = {"id", "model", "usage", "content", "stop_reason"};
    String[] usage = {"speed", "input_tokens", "service_tier", "output_tokens", "cache_creation", "server_tool_use",
        "output_tokens_details", "cache_read_input_tokens", "cache_creation_input_tokens"};
    String[] counts = {"ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens", "web_search_requests",
        "web_fetch_requests", "thinking_tokens"};
    String[] block = {"id", "type", "name", "text", "thinking"};
    String line = "{\"cwd\":\"/w\",\"uuid\":\"u\",\"version\":\"1\",\"agentId\":\"a\",\"sessionId\":\"s\","
        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"requestId\":\"r\",\"gitBranch\":\"b\",\"isSidechain\":true,"
        + "\"isApiErrorMessage\":true,\"message\":{\"id\":\"i\",\"model\":\"m\",\"stop_reason\":\"x\","
        + "\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"text\":\"abc\",\"thinking\":\"de\"}],"
        + "\"usage\":{\"speed\":\"f\",\"input_tokens\":1,\"service_tier\":\"s\",\"output_tokens\":2,"
        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":3,\"ephemeral_1h_input_tokens\":4},"
        + "\"server_tool_use\":{\"web_search_requests\":5,\"web_fetch_requests\":6},"
        + "\"output_tokens_details\":{\"thinking_tokens\":7},\"cache_read_input_tokens\":8,"
        + "\"cache_creation_input_tokens\":9}},\"type\":\"assistant\"}";
    ClaudeLine all = decided(line);
    assertThat(all.toolUses).hasSize(1);
    assertThat(all.contentChars).isEqualTo(5);
    assertThat(all.webFetch).isEqualTo(6);
    assertThat(all.cacheCreation).isEqualTo(9);
    // every known key with its first, a middle or its last byte changed, or one byte longer or shorter:
    // read as an unknown key (skipped), as the full parser reads it
    List<String> keys = new ArrayList<>();
    for (String[] names : new String[][] {top, message, usage, counts, block}) {
      keys.addAll(Arrays.asList(names));
    }
    for (String key : keys) {
      String quoted = "\"" + key + "\":";
      assertThat(line).contains(quoted);
      int mid = key.length() / 2;
      String[] misses = {
          (char) (key.charAt(0) + 1) + key.substring(1),
          key.substring(0, mid) + (char) (key.charAt(mid) ^ 0x20) + key.substring(mid + 1),
          key.substring(0, key.length() - 1) + (char) (key.charAt(key.length() - 1) + 1),
          key + "s",
          key.substring(0, key.length() - 1),
      };
      for (String miss : misses) {
        String changed = line.replace(quoted, "\"" + miss + "\":");
        byte[] bytes = utf8(changed);
        if (parses(bytes)) {
          assertThat(same(bytes, changed)).as("a near miss is an unknown key, read in one pass: %s", changed).isTrue();
        }
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
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
