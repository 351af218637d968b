package dev.tokenledger.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.checkpoint.FileCheckpoint;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.runtime.StatusFile;
import dev.tokenledger.agent.source.UsageSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Sources found, files, last event, problems by kind, spool depth and lag. Reads state, never writes it. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show sources found, files, last event time, problems by kind, spool depth and lag.")
public final class StatusCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  AgentContext main;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    AgentConfig config = main.config();
    Path state = config.stateDir();
    Instant now = main.clock().instant();
    Map<String, FileCheckpoint> checkpoints = CheckpointStore.readOnly(state);
    JsonNode saved = StatusFile.read(state);
    ObjectNode r = JSON.createObjectNode();
    r.put("stateDir", state.toString());
    r.put("config", config.source());
    long pid = saved.path("pid").asLong(-1);
    boolean running = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && saved.path("mode").asText("").equals("run");
    r.put("agentRunning", running);
    r.put("statusUpdatedAt", saved.path("updatedAt").asText(null));
    ObjectNode sources = r.putObject("sources");
    long unreadTotal = 0;
    for (UsageSource source : main.sources()) {
      ObjectNode n = sources.putObject(source.tool().name());
      List<Path> files;
      try {
        files = source.discover(main.environment());
      } catch (IOException | RuntimeException e) {
        n.put("error", e.toString());
        continue;
      }
      long unread = 0;
      long tracked = 0;
      Instant last = null;
      for (Path f : files) {
        FileCheckpoint c = checkpoints.get(f.toString());
        long offset = 0;
        if (c != null) {
          tracked++;
          offset = c.cursor().offset();
          if (c.lastEventTime() != null && (last == null || c.lastEventTime().isAfter(last))) {
            last = c.lastEventTime();
          }
        }
        try {
          unread += Math.max(0, Files.size(f) - offset);
        } catch (IOException e) {
          // vanished since discovery
        }
      }
      unreadTotal += unread;
      n.put("files", files.size());
      n.put("filesRead", tracked);
      n.put("unreadBytes", unread);
      n.put("lastEventTime", last == null ? null : last.toString());
    }
    r.set("problems", saved.path("problems").isObject() ? saved.path("problems") : JSON.createObjectNode());
    if (saved.path("heldBack").isObject()) {
      r.set("heldBack", saved.path("heldBack"));
    }
    ObjectNode spool = r.putObject("spool");
    long acked = readLong(state.resolve("spool/acked"));
    long durable = saved.path("spool").path("durableSeq").asLong(acked);
    long depth = Math.max(0, durable - acked);
    spool.put("depth", depth);
    spool.put("bytes", saved.path("spool").path("bytes").asLong(0));
    String oldest = saved.path("spool").path("oldestPendingAt").asText(null);
    long lagSeconds = depth > 0 && oldest != null ? Duration.between(Instant.parse(oldest), now).toSeconds() : 0;
    spool.put("lagSeconds", lagSeconds);
    r.put("unreadBytes", unreadTotal);
    r.set("publisher", saved.path("publisher"));
    if (saved.path("efficiency").isObject()) {
      r.set("efficiency", saved.path("efficiency"));
    }
    if (saved.path("orgMapping").isObject()) {
      r.set("orgMapping", saved.path("orgMapping"));
    }
    PrintStream out = main.out();
    if (json) {
      out.println(JSON.writeValueAsString(r));
      return ExitCodes.OK;
    }
    out.println("state:     " + state + (running ? "  (agent running, pid " + pid + ")" : "  (agent not running)"));
    out.println("config:    " + config.source());
    out.println("sources:");
    for (Iterator<Map.Entry<String, JsonNode>> it = sources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode n = e.getValue();
      if (n.has("error")) {
        out.printf("  %-12s error: %s%n", e.getKey(), n.path("error").asText());
      } else {
        out.printf("  %-12s %6d files (%d read)  %,d bytes unread  last event %s%n", e.getKey(), n.path("files").asLong(),
            n.path("filesRead").asLong(), n.path("unreadBytes").asLong(), n.path("lastEventTime").asText("-"));
      }
    }
    if (main.sources().isEmpty()) {
      out.println("  (no sources installed)");
    }
    StringBuilder problems = new StringBuilder();
    r.path("problems").fields().forEachRemaining(e -> problems.append(problems.length() == 0 ? "" : ", ")
        .append(e.getKey()).append(' ').append(e.getValue().asLong()));
    out.println("problems:  " + (problems.length() == 0 ? "none" : problems + "  (" + state.resolve("quarantine/problems.jsonl") + ")"));
    JsonNode held = r.path("heldBack");
    if (held.isObject()) {
      out.println("held back: " + held.path("responses").asLong() + " responses in " + held.path("files").asLong()
          + " files still being written (published once unchanged for the quiet period, from "
          + held.path("publishableFrom").asText() + ")");
    }
    out.printf("spool:     %d events waiting, lag %d s%n", depth, lagSeconds);
    JsonNode pub = saved.path("publisher");
    out.println("publisher: " + (pub.isMissingNode() ? "never ran" : "topic " + pub.path("topic").asText("?")
        + ", published " + pub.path("published").asLong(0) + " this run"
        + (pub.path("stopped").asBoolean(false) ? ", STOPPED: " + pub.path("lastError").asText()
            : pub.hasNonNull("lastError") ? ", last error: " + pub.path("lastError").asText() : "")));
    JsonNode eff = saved.path("efficiency");
    if (eff.isObject()) {
      out.println("efficiency: commits " + (eff.path("commits").asBoolean() ? "on (" + eff.path("commitsPublished").asLong()
          + " published this run, " + eff.path("sessionsOpen").asLong() + " sessions open, " + eff.path("sessionsWaiting").asLong()
          + " waiting to be read)" : "off") + ", MCP inventory " + (eff.path("mcpInventory").asBoolean() ? "on" : "off"));
    }
    JsonNode mapping = saved.path("orgMapping");
    if (mapping.isObject()) {
      out.println("org mapping: " + mapping.path("state").asText() + ", " + mapping.path("rules").asLong() + " rules from "
          + mapping.path("location").asText() + ", confirmed " + mapping.path("checkedAt").asText("never")
          + (mapping.hasNonNull("lastError") ? ", last error: " + mapping.path("lastError").asText() : ""));
    }
    return ExitCodes.OK;
  }

  private static long readLong(Path file) {
    try {
      return Files.isRegularFile(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
