package dev.tokenledger.agent.source;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Responses a parser holds back because their file is still being written: a streaming response
 * whose final usage may not be on disk yet is not published early (that would count it with partial
 * tokens, or twice). They are published once the file has been unchanged for the quiet period.
 *
 * @param file the file
 * @param responses how many responses are held, or -1 when the whole file waits (a legacy Gemini chat
 *     is read only once at rest)
 * @param quiet how long the file must stay unchanged
 * @param publishableFrom when that will be, if the file is not written again
 */
public record HeldBack(Path file, int responses, Duration quiet, Instant publishableFrom) {

  public HeldBack {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(quiet, "quiet");
    Objects.requireNonNull(publishableFrom, "publishableFrom");
  }
}
