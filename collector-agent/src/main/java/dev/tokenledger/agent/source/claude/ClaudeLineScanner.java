package dev.tokenledger.agent.source.claude;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The one-pass reading of a transcript line: the same {@link ClaudeLine} as {@link ClaudeLineParser}
 * (the same fields, the same rules for absent, repeated and mistyped values, the same early stop at a
 * top-level {@code type} other than {@code assistant}), read straight from the bytes. The message
 * content — most of an assistant line — is checked as JSON and measured (the characters of its text
 * and thinking blocks, the tool-use blocks) without decoding a string or building a token.
 *
 * <p>It accepts only what is plainly valid: strict JSON (RFC 8259: no comments, escapes from the
 * standard set, well-formed UTF-8, no control characters in strings, numbers by the grammar), well
 * inside the full parser's limits (depth, string, name and number lengths). Whatever it does not read
 * in full — an escape inside a value it keeps or a key, a count that is not a plain non-negative whole
 * number, {@code costUSD}, a content element that is not an object, anything malformed — makes it
 * answer {@code null}, and the caller reads that line with {@link ClaudeLineParser} (which also words
 * the problem). So every line it answers is one the full parser reads to the same result.
 */
final class ClaudeLineScanner {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  /** Nesting, string, key and number sizes past which a line goes to the full parser (far below its limits). */
  private static final int MAX_DEPTH = 1 + 64; // the line's own object, and 64 levels inside it
  private static final int MAX_STRING = 8 << 20;
  private static final int MAX_KEY = 1024;
  private static final int MAX_NUMBER = 100;
  /** More digits than this may not fit a long: the full parser decides. */
  private static final int MAX_COUNT_DIGITS = 18;

  /** Not read here: the caller uses the full parser. Thrown without a stack trace (cheap). */
  private static final class Undecided extends RuntimeException {
    Undecided() {
      super(null, null, false, false);
    }
  }

  private static final Undecided UNDECIDED = new Undecided();

  private final byte[] b;
  private final int end;
  private int p;
  private int depth;
  /** The last string scanned had an escape sequence. */
  private boolean escaped;
  /** The key of the member at hand: its first byte's index and its length in bytes. */
  private int keyAt;
  private int keyLength;
  private final ClaudeLine line = new ClaudeLine();

  private ClaudeLineScanner(byte[] b, int start, int end) {
    this.b = b;
    this.p = start;
    this.end = end;
  }

  /** The line {@code buf[start, end)} read as {@link ClaudeLineParser#parse} reads it, or null when undecided. */
  static ClaudeLine scan(byte[] buf, int start, int end) {
    try {
      return new ClaudeLineScanner(buf, start, end).top();
    } catch (Undecided | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private ClaudeLine top() {
    ws();
    expect('{');
    if (open('}')) {
      do {
        field();
        if (is(TYPE)) {
          line.type = text();
          if (line.type == null || !line.type.equals("assistant")) {
            return line; // as the full parser: the rest of a user / progress / … line is not read
          }
        } else if (is(MESSAGE) && at('{')) {
          message();
        } else if (is(UUID)) {
          line.uuid = text();
        } else if (is(TIMESTAMP)) {
          line.timestamp = text();
        } else if (is(SESSION_ID)) {
          line.sessionId = text();
        } else if (is(CWD)) {
          line.cwd = text();
        } else if (is(GIT_BRANCH)) {
          line.gitBranch = text();
        } else if (is(VERSION)) {
          line.version = text();
        } else if (is(IS_SIDECHAIN)) {
          line.sidechain = bool();
        } else if (is(AGENT_ID)) {
          line.agentId = text();
        } else if (is(REQUEST_ID)) {
          line.requestId = text();
        } else if (is(IS_API_ERROR)) {
          line.apiError = bool();
        } else if (is(COST_USD)) {
          throw UNDECIDED; // a decimal with its own rules: the full parser reads it
        } else {
          value();
        }
      } while (!closed('}'));
    }
    ws();
    if (p != end) {
      throw UNDECIDED; // trailing content: malformed, the full parser says so
    }
    return line;
  }

  private void message() {
    if (open('}')) {
      do {
        field();
        if (is(ID)) {
          line.messageId = text();
        } else if (is(MODEL)) {
          line.model = text();
        } else if (is(STOP_REASON)) {
          line.stopReason = peek() != 'n';
          value();
        } else if (is(USAGE) && at('{')) {
          line.hasUsage = true;
          usage();
        } else if (is(CONTENT) && at('[')) {
          content();
        } else {
          value();
        }
      } while (!closed('}'));
    }
  }

  private void content() {
    if (open(']')) {
      do {
        if (!at('{')) {
          throw UNDECIDED; // a scalar element: the full parser's own rule for the rest of the array
        }
        block();
      } while (!closed(']'));
    }
  }

  /** One content block: its type, id and name kept, the length of its text or thinking counted. */
  private void block() {
    String type = null;
    String id = null;
    String name = null;
    if (open('}')) {
      do {
        field();
        if (is(TYPE)) {
          type = text();
        } else if (is(ID)) {
          id = text();
        } else if (is(NAME)) {
          name = text();
        } else if ((is(TEXT) || is(THINKING)) && at('"')) {
          line.contentChars += string();
        } else {
          value();
        }
      } while (!closed('}'));
    }
    if (("tool_use".equals(type) || "server_tool_use".equals(type)) && name != null) {
      line.toolUses.add(new String[] {id, name});
    }
  }

  private void usage() {
    if (open('}')) {
      do {
        field();
        if (is(INPUT_TOKENS)) {
          line.input = count(0);
        } else if (is(OUTPUT_TOKENS)) {
          line.output = count(0);
        } else if (is(CACHE_CREATION_INPUT)) {
          line.cacheCreation = count(-1);
        } else if (is(CACHE_READ_INPUT)) {
          line.cacheRead = count(0);
        } else if (is(SERVICE_TIER)) {
          line.serviceTier = text();
        } else if (is(SPEED)) {
          line.speed = text();
        } else if (is(CACHE_CREATION) && at('{')) {
          counts(CACHE_CREATION);
        } else if (is(SERVER_TOOL_USE) && at('{')) {
          counts(SERVER_TOOL_USE);
        } else if (is(OUTPUT_DETAILS) && at('{')) {
          counts(OUTPUT_DETAILS);
        } else {
          value();
        }
      } while (!closed('}'));
    }
  }

  /** The members of one of usage's nested objects ({@code which}), the known counts kept. */
  private void counts(byte[] which) {
    if (open('}')) {
      do {
        field();
        if (which == CACHE_CREATION && is(EPHEMERAL_5M)) {
          line.ephemeral5m = count(-1);
        } else if (which == CACHE_CREATION && is(EPHEMERAL_1H)) {
          line.ephemeral1h = count(-1);
        } else if (which == SERVER_TOOL_USE && is(WEB_SEARCH)) {
          line.webSearch = smallCount();
        } else if (which == SERVER_TOOL_USE && is(WEB_FETCH)) {
          line.webFetch = smallCount();
        } else if (which == OUTPUT_DETAILS && is(THINKING_TOKENS)) {
          line.thinking = count(0);
        } else {
          value();
        }
      } while (!closed('}'));
    }
  }

  /*
   * Every object and array is walked by the same three steps, with no callback (one-off commands run
   * on C1, which inlines no interface call that has more than one receiver):
   *   if (open('}')) do { field(); …the member's value… } while (!closed('}'));
   * and the same for an array with ']' and no field().
   */

  /**
   * Into an object or array whose opening bracket is behind {@link #p}: false when it is empty (its
   * {@code close} read, the nesting left again), true when a member or element is due at {@link #p}.
   */
  private boolean open(char close) {
    enter();
    ws();
    if (at(close)) {
      depth--;
      return false;
    }
    return true;
  }

  /** A member's key and colon: {@link #keyAt}, {@link #keyLength} set for {@link #is}, {@link #p} at its value. */
  private void field() {
    keyAt = key();
    keyLength = p - 1 - keyAt;
    ws();
    expect(':');
    ws();
  }

  /** After a member's or element's value: true at {@code close} (the nesting left), false after a comma. */
  private boolean closed(char close) {
    ws();
    byte c = next();
    if (c == close) {
      depth--;
      return true;
    }
    if (c != ',') {
      throw UNDECIDED;
    }
    ws();
    return false;
  }

  /** A plain non-negative whole number, or null ({@code absent}); anything else is the full parser's to word. */
  private long count(long absent) {
    byte c = peek();
    if (c == 'n') {
      value();
      return absent;
    }
    int start = p;
    long v = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      v = v * 10 + (b[p] - '0');
      p++;
    }
    int digits = p - start;
    if (digits == 0 || digits > MAX_COUNT_DIGITS || (digits > 1 && b[start] == '0')) {
      throw UNDECIDED;
    }
    if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
      throw UNDECIDED;
    }
    return v;
  }

  private int smallCount() {
    long n = count(0);
    if (n > Integer.MAX_VALUE) {
      throw UNDECIDED;
    }
    return (int) n;
  }

  /** A string value decoded (no escapes: else undecided), or null after skipping any other value. */
  private String text() {
    if (peek() != '"') {
      value();
      return null;
    }
    int start = ++p;
    string();
    if (escaped) {
      throw UNDECIDED;
    }
    return new String(b, start, p - 1 - start, StandardCharsets.UTF_8);
  }

  /** Whether the value is {@code true} (any other value is skipped: false). */
  private boolean bool() {
    boolean t = peek() == 't';
    value();
    return t;
  }

  /** A key: its first byte's index; {@link #p} is after its closing quote. Keys with escapes are undecided. */
  private int key() {
    expect('"');
    int start = p;
    string();
    if (escaped || p - 1 - start > MAX_KEY) {
      throw UNDECIDED;
    }
    return start;
  }

  /** Any JSON value, checked and skipped. */
  private void value() {
    byte c = next();
    switch (c) {
      case '"' -> string();
      case '{' -> {
        if (open('}')) {
          do {
            field();
            value();
          } while (!closed('}'));
        }
      }
      case '[' -> {
        if (open(']')) {
          do {
            value();
          } while (!closed(']'));
        }
      }
      case 't' -> {
        literal('r', 'u', 'e');
        delimited();
      }
      case 'f' -> {
        literal('a', 'l', 's');
        expect('e');
        delimited();
      }
      case 'n' -> {
        literal('u', 'l', 'l');
        delimited();
      }
      default -> {
        p--;
        number();
        delimited();
      }
    }
  }

  /**
   * A literal or number must end where a value can end. The full parser checks the byte after a
   * literal its own way and the byte after a number only when it reads the next token — which it never
   * does after a line's top-level {@code type} — so anything else is left to it.
   */
  private void delimited() {
    if (p < end) {
      byte c = b[p];
      if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        throw UNDECIDED;
      }
    }
  }

  private void literal(char x, char y, char z) {
    if (p + 3 > end || b[p] != x || b[p + 1] != y || b[p + 2] != z) { // never read past the line's end
      throw UNDECIDED;
    }
    p += 3;
  }

  /** A number by the JSON grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private void number() {
    int start = p;
    if (p < end && b[p] == '-') {
      p++;
    }
    if (p < end && b[p] == '0') {
      p++;
    } else if (digits() == 0) {
      throw UNDECIDED;
    }
    if (p < end && b[p] == '.') {
      p++;
      if (digits() == 0) {
        throw UNDECIDED;
      }
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      if (digits() == 0) {
        throw UNDECIDED;
      }
    }
    if (p - start > MAX_NUMBER) {
      throw UNDECIDED;
    }
  }

  private int digits() {
    int start = p;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p - start;
  }

  /**
   * The rest of a string whose opening quote is behind {@link #p}: checked (escapes, UTF-8, no control
   * characters), {@link #p} after the closing quote, {@link #escaped} set. Returns its length in UTF-16
   * characters once decoded, what the full parser's {@code getTextLength()} gives. Eight bytes at a
   * time while they are plain ASCII.
   */
  private long string() {
    int i = p;
    int start = i;
    long chars = 0;
    boolean esc = false;
    while (true) {
      int stop;
      if (i + 8 <= end) {
        long x = (long) LONGS.get(b, i);
        long q = x ^ QUOTES;
        long s = x ^ BACKSLASHES;
        long t = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - SPACES) & ~x) | x) & HIGHS;
        if (t == 0) {
          i += 8; // eight plain ASCII bytes
          chars += 8;
          continue;
        }
        // the first flagged byte is a real one (a false flag only follows a real one): its index in the
        // eight, from its lowest bit 8k+7, by a multiplication (C1 compiles numberOfTrailingZeros as a loop)
        int k = (int) ((((t & -t) >>> 7) * 0x0001020304050607L) >>> 56);
        i += k;
        chars += k;
        stop = i + 1; // that byte (and its sequence) only, then eight at a time again
      } else if (i >= end) {
        throw UNDECIDED; // no closing quote
      } else {
        stop = end; // the last few bytes one by one
      }
      while (i < stop) {
        int c = b[i] & 0xFF;
        switch (KIND[c]) {
          case PLAIN -> {
            i++;
            chars++;
          }
          case QUOTE -> {
            p = i + 1;
            escaped = esc;
            if (p - start > MAX_STRING) {
              throw UNDECIDED;
            }
            return chars;
          }
          case ESCAPE -> {
            esc = true;
            int e = b[i + 1];
            if (e == 'u') {
              if (!hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])) {
                throw UNDECIDED;
              }
              i += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
              i += 2;
            } else {
              throw UNDECIDED;
            }
            chars++;
          }
          case TWO -> {
            cont(i + 1);
            i += 2;
            chars++;
          }
          case THREE -> {
            int c1 = b[i + 1] & 0xFF;
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
              throw UNDECIDED; // overlong, or a surrogate
            }
            cont(i + 1);
            cont(i + 2);
            i += 3;
            chars++;
          }
          case FOUR -> {
            int c1 = b[i + 1] & 0xFF;
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
              throw UNDECIDED;
            }
            cont(i + 1);
            cont(i + 2);
            cont(i + 3);
            i += 4;
            chars += 2; // a surrogate pair
          }
          default -> throw UNDECIDED; // a control character, or a byte no UTF-8 character starts with
        }
      }
    }
  }

  private static final byte PLAIN = 0;
  private static final byte QUOTE = 1;
  private static final byte ESCAPE = 2;
  private static final byte INVALID = 3;
  private static final byte TWO = 4;
  private static final byte THREE = 5;
  private static final byte FOUR = 6;
  /** What a byte is inside a string. */
  private static final byte[] KIND = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      KIND[c] = c < 0x20 ? INVALID : c < 0x80 ? PLAIN : c < 0xC2 ? INVALID : c < 0xE0 ? TWO : c < 0xF0 ? THREE
          : c < 0xF5 ? FOUR : INVALID;
    }
    KIND['"'] = QUOTE;
    KIND['\\'] = ESCAPE;
  }

  private void cont(int i) {
    if (i >= end || (b[i] & 0xC0) != 0x80) {
      throw UNDECIDED;
    }
  }

  private static boolean hex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw UNDECIDED;
    }
  }

  private void ws() {
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      p++;
    }
  }

  private byte peek() {
    if (p >= end) {
      throw UNDECIDED;
    }
    return b[p];
  }

  private byte next() {
    if (p >= end) {
      throw UNDECIDED;
    }
    return b[p++];
  }

  /** Whether the value at hand starts with {@code c}; if so, {@link #p} is past it. */
  private boolean at(char c) {
    if (peek() != c) {
      return false;
    }
    p++;
    return true;
  }

  private void expect(char c) {
    if (next() != c) {
      throw UNDECIDED;
    }
  }

  /** Whether the key of the member at hand (see {@link #field}) is {@code name}. */
  private boolean is(byte[] name) {
    int len = keyLength;
    if (len != name.length) {
      return false;
    }
    int at = keyAt;
    for (int j = 0; j < len; j++) {
      if (b[at + j] != name[j]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] TYPE = ascii("type");
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] UUID = ascii("uuid");
  private static final byte[] TIMESTAMP = ascii("timestamp");
  private static final byte[] SESSION_ID = ascii("sessionId");
  private static final byte[] CWD = ascii("cwd");
  private static final byte[] GIT_BRANCH = ascii("gitBranch");
  private static final byte[] VERSION = ascii("version");
  private static final byte[] IS_SIDECHAIN = ascii("isSidechain");
  private static final byte[] AGENT_ID = ascii("agentId");
  private static final byte[] REQUEST_ID = ascii("requestId");
  private static final byte[] IS_API_ERROR = ascii("isApiErrorMessage");
  private static final byte[] COST_USD = ascii("costUSD");
  private static final byte[] ID = ascii("id");
  private static final byte[] MODEL = ascii("model");
  private static final byte[] STOP_REASON = ascii("stop_reason");
  private static final byte[] USAGE = ascii("usage");
  private static final byte[] CONTENT = ascii("content");
  private static final byte[] NAME = ascii("name");
  private static final byte[] TEXT = ascii("text");
  private static final byte[] THINKING = ascii("thinking");
  private static final byte[] INPUT_TOKENS = ascii("input_tokens");
  private static final byte[] OUTPUT_TOKENS = ascii("output_tokens");
  private static final byte[] CACHE_CREATION_INPUT = ascii("cache_creation_input_tokens");
  private static final byte[] CACHE_READ_INPUT = ascii("cache_read_input_tokens");
  private static final byte[] SERVICE_TIER = ascii("service_tier");
  private static final byte[] SPEED = ascii("speed");
  private static final byte[] CACHE_CREATION = ascii("cache_creation");
  private static final byte[] SERVER_TOOL_USE = ascii("server_tool_use");
  private static final byte[] OUTPUT_DETAILS = ascii("output_tokens_details");
  private static final byte[] EPHEMERAL_5M = ascii("ephemeral_5m_input_tokens");
  private static final byte[] EPHEMERAL_1H = ascii("ephemeral_1h_input_tokens");
  private static final byte[] WEB_SEARCH = ascii("web_search_requests");
  private static final byte[] WEB_FETCH = ascii("web_fetch_requests");
  private static final byte[] THINKING_TOKENS = ascii("thinking_tokens");
}
