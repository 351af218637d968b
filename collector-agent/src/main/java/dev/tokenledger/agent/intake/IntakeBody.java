package dev.tokenledger.agent.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a report body into a JSON object, strictly: UTF-8 only (a malformed byte is refused, not
 * replaced), one JSON object and nothing after it, no field twice, at most {@link #MAX_DEPTH} levels
 * of nesting and numbers of at most {@link #MAX_NUMBER_LENGTH} characters; decimals are kept exactly
 * (never through a double). Anything else is one problem, stated plainly.
 */
public final class IntakeBody {

  /** Deepest nesting accepted (a report is flat; this leaves room for nothing pathological). */
  public static final int MAX_DEPTH = 16;
  /** Longest number literal accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 64;

  static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
              .maxNumberLength(MAX_NUMBER_LENGTH).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private IntakeBody() {}

  /**
   * A decoded body.
   *
   * @param root the JSON object, or null when there is a problem
   * @param problem why the body is not a JSON object, or null
   */
  public record Decoded(JsonNode root, String problem) {}

  public static Decoded decode(byte[] body) {
    String text;
    try {
      CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      CharBuffer chars = utf8.decode(ByteBuffer.wrap(body));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      return new Decoded(null, "body is not valid UTF-8 (" + e.getMessage() + "); send JSON encoded as UTF-8");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte-order mark is harmless
    }
    if (text.isBlank()) {
      return new Decoded(null, "body is empty; send one JSON object");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (StreamConstraintsException e) {
      return new Decoded(null, e.getMessage().contains("nesting")
          ? "body is nested more than " + MAX_DEPTH + " levels deep"
          : "body has a number longer than " + MAX_NUMBER_LENGTH + " characters");
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Duplicate field")) {
        return new Decoded(null, "body names a field twice (" + m.substring("Duplicate field ".length())
            + "); each field may appear once");
      }
      return new Decoded(null, "body is not valid JSON: " + m);
    }
    if (root == null || !root.isObject()) {
      return new Decoded(null, "body must be a JSON object");
    }
    return new Decoded(root, null);
  }
}
