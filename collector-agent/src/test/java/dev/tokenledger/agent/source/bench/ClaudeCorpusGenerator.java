package dev.tokenledger.agent.source.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Generates a realistic Claude Code transcript tree ({@code projects/<encoded-cwd>/<session>.jsonl}
 * plus {@code <session>/subagents/agent-<id>.jsonl}) of about {@code bytes} bytes.
 *
 * <p>Shape follows the real 1.0.x/2.1.x transcripts: one assistant line per content block
 * (text, thinking, tool_use) with repeated usage (partial output on early copies, final on the
 * last), user lines carrying tool results of realistic sizes, {@code progress} lines (hook and
 * agent_progress with embedded usage copies), summaries and file-history snapshots. Text is
 * JSON-escaped with newlines, quotes and some non-ASCII so string scanning is not trivial.
 *
 * <p>Deterministic for a given seed. Each file's modification time is its last event's time (history
 * at rest). {@link #lastStats()} tells how many billed requests (unique message ids) were written.
 */
public final class ClaudeCorpusGenerator {

  private static final String[] MODELS = {
    "claude-opus-4-6", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"
  };
  private static final String[] TOOLS = {
    "Bash", "Read", "Edit", "Write", "Grep", "Glob", "TodoWrite", "Task",
    "mcp__github__create_issue", "mcp__playwright__browser_click"
  };
  private static final String WORDS =
      "the of and to in is that for it as with was on be by this are from or at an which have"
          + " function return value config parser offset cursor token cache request response model"
          + " session branch commit test build error warning line file path module class interface"
          + " Müller naïve café résumé 数据 ключ";
  private static final String[] WORD_LIST = WORDS.split(" ");

  private static volatile long lastRequests;

  private ClaudeCorpusGenerator() {}

  /** Number of distinct billed requests (message ids) written by the last {@link #generate}. */
  public static long lastStats() {
    return lastRequests;
  }

  /**
   * The sizes of a corpus: sessions of {@code sessionMin} bytes plus up to {@code sessionSpread}, sub-agent
   * files of {@code agentMin} plus up to {@code agentSpread}, and one tool result in {@code largeResultOneIn}
   * of 20–80 KB (the others 0.3–4.3 KB).
   */
  public record Shape(int sessionMin, int sessionSpread, int agentMin, int agentSpread, int largeResultOneIn) {

    /** Long sessions (2–8 MB) and sub-agent files (0.3–1.8 MB), one tool result in 10 large: 1 GiB ≈ 251 files. */
    public static final Shape LONG_SESSIONS = new Shape(2_000_000, 6_000_000, 300_000, 1_500_000, 10);
    /**
     * Short sessions (150–600 KB) and sub-agent files (50–300 KB), one tool result in 50 large: 1 GiB ≈ 3,195
     * files and 89,080 requests, the shape of the corpus the collector's goal against ccusage was measured on.
     */
    public static final Shape SHORT_SESSIONS = new Shape(150_000, 450_000, 50_000, 250_000, 50);

    /** {@code long} or {@code short}. */
    public static Shape named(String name) {
      return switch (name) {
        case "long" -> LONG_SESSIONS;
        case "short" -> SHORT_SESSIONS;
        default -> throw new IllegalArgumentException("corpus shape must be long or short: " + name);
      };
    }
  }

  /**
   * Writes about {@code bytes} bytes of transcripts under {@code dir} (which becomes a
   * {@code projects/} root), deterministic for {@code seed}, of {@link Shape#LONG_SESSIONS}.
   */
  public static void generate(Path dir, long bytes, long seed) throws IOException {
    generate(dir, bytes, seed, Shape.LONG_SESSIONS);
  }

  /** Writes about {@code bytes} bytes of transcripts of {@code shape} under {@code dir}, deterministic for {@code seed}. */
  public static void generate(Path dir, long bytes, long seed, Shape shape) throws IOException {
    Random random = new Random(seed);
    Files.createDirectories(dir);
    long written = 0;
    long requests = 0;
    int sessionNo = 0;
    Instant clock = Instant.parse("2026-09-01T08:00:00Z");
    while (written < bytes) {
      String project = "-home-dev-work-project" + (sessionNo % 7);
      Path projectDir = dir.resolve(project);
      Files.createDirectories(projectDir);
      UUID session = new UUID(random.nextLong(), random.nextLong());
      long target = Math.min(bytes - written, (long) shape.sessionMin() + random.nextInt(shape.sessionSpread()));
      Session s = new Session(random, session.toString(), "/home/dev/work/project" + (sessionNo % 7),
          MODELS[sessionNo % MODELS.length], clock, shape.largeResultOneIn());
      Path file = projectDir.resolve(session + ".jsonl");
      written += s.write(file, target, false, null);
      atRest(file, s.clock);
      requests += s.requests;
      clock = s.clock.plusSeconds(600);
      if (random.nextInt(3) == 0 && written < bytes) {
        String agentId = Long.toHexString(random.nextLong() & 0xffffffffffL);
        Path sub = projectDir.resolve(session.toString()).resolve("subagents");
        Files.createDirectories(sub);
        Session a = new Session(random, session.toString(), s.cwd, MODELS[2], s.clock, shape.largeResultOneIn());
        Path agentFile = sub.resolve("agent-a" + agentId + ".jsonl");
        written += a.write(agentFile, Math.min(bytes - written, shape.agentMin() + random.nextInt(shape.agentSpread())), true,
            "a" + agentId);
        atRest(agentFile, a.clock);
        requests += a.requests;
        Files.writeString(sub.resolve("agent-a" + agentId + ".meta.json"),
            "{\"agentType\":\"general-purpose\",\"spawnDepth\":1}");
      }
      sessionNo++;
    }
    lastRequests = requests;
  }

  /**
   * Sets the file's modification time to its last event (capped at an hour ago), as on a real
   * machine: a generated corpus is history "at rest", so parsers that wait for a quiet file
   * (Claude Code's last response) emit everything.
   */
  private static void atRest(Path file, Instant lastEvent) throws IOException {
    Instant cap = Instant.now().minusSeconds(3600);
    Files.setLastModifiedTime(file, FileTime.from(lastEvent.isBefore(cap) ? lastEvent : cap));
  }

  private static final class Session {
    final Random random;
    final String sessionId;
    final String cwd;
    final String model;
    Instant clock;
    long requests;
    String parent;
    final StringBuilder sb = new StringBuilder(1 << 16);
    final int largeResultOneIn;

    Session(Random random, String sessionId, String cwd, String model, Instant clock, int largeResultOneIn) {
      this.random = random;
      this.sessionId = sessionId;
      this.cwd = cwd;
      this.model = model;
      this.clock = clock;
      this.largeResultOneIn = largeResultOneIn;
    }

    long write(Path file, long target, boolean sidechain, String agentId) throws IOException {
      long n = 0;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        if (!sidechain) {
          n += emit(out, "{\"type\":\"summary\",\"summary\":\"" + words(8) + "\",\"leafUuid\":\""
              + uuid() + "\"}");
          n += emit(out, "{\"type\":\"file-history-snapshot\",\"messageId\":\"" + uuid()
              + "\",\"snapshot\":{\"messageId\":\"" + uuid()
              + "\",\"trackedFileBackups\":{},\"timestamp\":\"" + clock + "\"},\"isSnapshotUpdate\":false}");
        }
        n += emit(out, userText(sidechain, agentId, words(20 + random.nextInt(200))));
        while (n < target) {
          n += response(out, sidechain, agentId);
          if (random.nextInt(4) == 0) {
            n += emit(out, progress(sidechain, agentId));
          }
        }
      }
      return n;
    }

    long response(OutputStream out, boolean sidechain, String agentId) throws IOException {
      long n = 0;
      requests++;
      String msgId = "msg_01" + token(22);
      String reqId = "req_011C" + token(20);
      int in = 1 + random.nextInt(12);
      int cc = random.nextInt(20_000);
      int cr = 10_000 + random.nextInt(150_000);
      int finalOut = 30 + random.nextInt(3_000);
      int blocks = 1 + random.nextInt(4);
      StringBuilder toolIds = new StringBuilder();
      for (int b = 0; b < blocks; b++) {
        boolean last = b == blocks - 1;
        String content;
        int kind = b == 0 && random.nextInt(2) == 0 ? 0 : 1 + random.nextInt(2);
        if (kind == 0) {
          content = "{\"type\":\"thinking\",\"thinking\":\"" + words(150 + random.nextInt(600))
              + "\",\"signature\":\"" + token(300) + "\"}";
        } else if (kind == 1) {
          content = "{\"type\":\"text\",\"text\":\"" + words(40 + random.nextInt(400)) + "\"}";
        } else {
          String tool = TOOLS[random.nextInt(TOOLS.length)];
          String id = "toolu_01" + token(22);
          toolIds.append(id).append(',');
          content = "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + tool
              + "\",\"input\":{\"file_path\":\"" + cwd + "/src/Main" + random.nextInt(50)
              + ".java\",\"content\":\"" + words(random.nextInt(4) == 0 ? 1_500 : 60) + "\"}}";
        }
        int out0 = last ? finalOut : 1 + random.nextInt(10);
        String usage = "{\"input_tokens\":" + in + ",\"cache_creation_input_tokens\":" + cc
            + ",\"cache_read_input_tokens\":" + cr
            + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":"
            + cc + "},\"output_tokens\":" + out0 + ",\"service_tier\":\"standard\"}";
        clock = clock.plusMillis(200 + random.nextInt(3_000));
        String uuid = uuid();
        n += emit(out, "{\"parentUuid\":" + quoteOrNull(parent) + ",\"isSidechain\":" + sidechain
            + ",\"userType\":\"external\",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
            + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\","
            + (agentId == null ? "" : "\"agentId\":\"" + agentId + "\",")
            + "\"message\":{\"model\":\"" + model + "\",\"id\":\"" + msgId
            + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[" + content
            + "],\"stop_reason\":" + (last ? "\"tool_use\"" : "null")
            + ",\"stop_sequence\":null,\"usage\":" + usage + "},\"requestId\":\"" + reqId
            + "\",\"type\":\"assistant\",\"uuid\":\"" + uuid + "\",\"timestamp\":\"" + clock + "\"}");
        parent = uuid;
      }
      if (toolIds.length() > 0) {
        for (String id : toolIds.toString().split(",")) {
          int size = random.nextInt(largeResultOneIn) == 0 ? 20_000 + random.nextInt(60_000) : 300 + random.nextInt(4_000);
          String uuid = uuid();
          clock = clock.plusMillis(100 + random.nextInt(2_000));
          n += emit(out, "{\"parentUuid\":\"" + parent + "\",\"isSidechain\":" + sidechain
              + ",\"userType\":\"external\",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
              + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\",\"type\":\"user\",\"message\":{\"role\":\"user\","
              + "\"content\":[{\"tool_use_id\":\"" + id + "\",\"type\":\"tool_result\",\"content\":\""
              + words(size / 7) + "\",\"is_error\":false}]},\"uuid\":\"" + uuid + "\",\"timestamp\":\""
              + clock + "\",\"toolUseResult\":{\"stdout\":\"" + words(size / 14)
              + "\",\"stderr\":\"\",\"interrupted\":false}}");
          parent = uuid;
        }
      } else {
        n += emit(out, userText(sidechain, agentId, words(10 + random.nextInt(120))));
      }
      return n;
    }

    String progress(boolean sidechain, String agentId) {
      clock = clock.plusMillis(50);
      if (random.nextBoolean()) {
        return "{\"parentUuid\":" + quoteOrNull(parent) + ",\"isSidechain\":" + sidechain
            + ",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
            + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\",\"type\":\"progress\",\"data\":{\"type\":\"hook_progress\","
            + "\"hookEvent\":\"PostToolUse\",\"hookName\":\"PostToolUse:Bash\",\"command\":\"echo ok\"},"
            + "\"timestamp\":\"" + clock + "\",\"uuid\":\"" + uuid() + "\"}";
      }
      // agent_progress: embeds a copy of a sub-agent response with usage (must never be counted)
      return "{\"parentUuid\":" + quoteOrNull(parent) + ",\"isSidechain\":false,\"cwd\":\"" + cwd
          + "\",\"sessionId\":\"" + sessionId + "\",\"version\":\"2.1.39\",\"type\":\"progress\","
          + "\"data\":{\"type\":\"agent_progress\",\"message\":{\"type\":\"assistant\",\"message\":{\"model\":\""
          + MODELS[2] + "\",\"id\":\"msg_01" + token(22) + "\",\"content\":[{\"type\":\"text\",\"text\":\""
          + words(80) + "\"}],\"usage\":{\"input_tokens\":5,\"cache_read_input_tokens\":9000,"
          + "\"output_tokens\":120}},\"requestId\":\"req_011C" + token(20) + "\"}},"
          + "\"timestamp\":\"" + clock + "\",\"uuid\":\"" + uuid() + "\"}";
    }

    String userText(boolean sidechain, String agentId, String text) {
      clock = clock.plusSeconds(5 + random.nextInt(120));
      String uuid = uuid();
      String line = "{\"parentUuid\":" + quoteOrNull(parent) + ",\"isSidechain\":" + sidechain
          + ",\"userType\":\"external\",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
          + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\","
          + (agentId == null ? "" : "\"agentId\":\"" + agentId + "\",")
          + "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + text
          + "\"},\"uuid\":\"" + uuid + "\",\"timestamp\":\"" + clock + "\"}";
      parent = uuid;
      return line;
    }

    String words(int count) {
      sb.setLength(0);
      for (int i = 0; i < count; i++) {
        int r = random.nextInt(40);
        if (r == 0) {
          sb.append("\\n");
        } else if (r == 1) {
          sb.append("\\\"quoted\\\" ");
        } else if (r == 2) {
          sb.append("\\t");
        } else {
          sb.append(WORD_LIST[random.nextInt(WORD_LIST.length)]).append(' ');
        }
      }
      return sb.toString();
    }

    String token(int len) {
      char[] c = new char[len];
      for (int i = 0; i < len; i++) {
        int r = random.nextInt(62);
        c[i] = (char) (r < 10 ? '0' + r : r < 36 ? 'a' + r - 10 : 'A' + r - 36);
      }
      return new String(c);
    }

    String uuid() {
      return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    static String quoteOrNull(String s) {
      return s == null ? "null" : "\"" + s + "\"";
    }

    static long emit(OutputStream out, String line) throws IOException {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      out.write(b);
      out.write('\n');
      return b.length + 1L;
    }
  }
}
