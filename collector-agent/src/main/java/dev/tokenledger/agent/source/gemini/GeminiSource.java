package dev.tokenledger.agent.source.gemini;

import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.SourceFiles;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Gemini CLI chats: {@code $GEMINI_DATA_DIR} (default {@code ${GEMINI_CLI_HOME:-~}/.gemini/tmp}),
 * {@code <project>/chats/**} files ending {@code .jsonl} (current, streamed) or {@code .json}
 * (legacy, rewritten whole). {@code logs.json} (prompts only, no tokens) lies outside
 * {@code chats/} and is not read; {@code *.tmp-<pid>} and {@code *.unreadable-<ms>} files are
 * skipped by their suffix.
 */
public final class GeminiSource implements UsageSource {

  /** How long a file must be unchanged before its last message is taken as final. */
  public static final Duration DEFAULT_QUIET = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration quiet;

  public GeminiSource() {
    this(Clock.systemUTC(), DEFAULT_QUIET);
  }

  public GeminiSource(Clock clock, Duration quiet) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.quiet = Objects.requireNonNull(quiet, "quiet");
  }

  @Override
  public SourceTool tool() {
    return SourceTool.GEMINI_CLI;
  }

  /** The temp root holding one directory per project. */
  public static Path tmpRoot(SourceEnvironment env) {
    var data = env.variable("GEMINI_DATA_DIR");
    if (data.isPresent()) {
      return Path.of(data.get());
    }
    Path home = env.variable("GEMINI_CLI_HOME").map(Path::of).orElse(env.home());
    return home.resolve(".gemini").resolve("tmp");
  }

  @Override
  public List<Path> discover(SourceEnvironment environment) throws IOException {
    Path tmp = tmpRoot(environment);
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    List<Path> chatDirs = new ArrayList<>();
    try (Stream<Path> projects = Files.list(tmp)) {
      projects.map(p -> p.resolve("chats")).filter(Files::isDirectory).forEach(chatDirs::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return SourceFiles.under(chatDirs, p -> SourceFiles.named(p, ".jsonl") || SourceFiles.named(p, ".json"));
  }

  @Override
  public LogFileParser parserFor(Path file) {
    return SourceFiles.named(file, ".json")
        ? new GeminiLegacyParser(clock, quiet)
        : new GeminiJsonlParser(clock, quiet);
  }
}
