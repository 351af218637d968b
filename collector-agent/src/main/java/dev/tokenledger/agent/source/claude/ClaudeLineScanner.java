package dev.tokenledger.agent.source.claude;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
  /** Its first eight bytes (zero past its end), compared first by {@link #is}. */
  private long keyHead;
  private final ClaudeLine line = new ClaudeLine();
  private final Recent recent;

  /** Reading a line from a buffer up to its newline, which ends it (not whitespace), before {@link #end}. */
  private final boolean toNewline;

  private ClaudeLineScanner(byte[] b, int start, int end, Recent recent, boolean toNewline) {
    this.b = b;
    this.p = start;
    this.end = end;
    this.recent = recent;
    this.toNewline = toNewline;
  }

  /** The line {@code buf[start, end)} read as {@link ClaudeLineParser#parse} reads it, or null when undecided. */
  static ClaudeLine scan(byte[] buf, int start, int end) {
    return scan(buf, start, end, null);
  }

  /**
   * As {@link #scan(byte[], int, int)}; the values that repeat from line to line (working directory,
   * session, version, branch, model, …) are taken from {@code recent} when their bytes are the same as
   * on the last line that had them, instead of being decoded again (null: every value decoded).
   */
  static ClaudeLine scan(byte[] buf, int start, int end, Recent recent) {
    try {
      return new ClaudeLineScanner(buf, start, end, recent, false).top();
    } catch (Undecided | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /**
   * The line that starts at {@code buf[start]} and ends at the first newline, read without knowing
   * where that is (the bytes read so far end at {@code limit}): as {@link #scan(byte[], int, int,
   * Recent)} reads {@code buf[start, newline)} (less a trailing CR), with {@link ClaudeLine#newline} set;
   * or a line stopped at its {@code type} ({@link ClaudeLine#newline} -1, {@link ClaudeLine#stoppedAt}
   * set: no newline before it); or null (undecided, or the newline not found before {@code limit}). A
   * newline is never read as whitespace or inside a value: so none is before where the scan ends.
   */
  static ClaudeLine scanToNewline(byte[] buf, int start, int limit, Recent recent) {
    try {
      return new ClaudeLineScanner(buf, start, limit, recent, true).top();
    } catch (Undecided | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** The last value of each repeating field, with its bytes: one per reader of a file (not shared between threads). */
  static final class Recent {
    private final byte[][] bytes = new byte[R_COUNT][];
    private final String[] values = new String[R_COUNT];
  }

  private static final int R_CWD = 0;
  private static final int R_TYPE = 1;
  private static final int R_VERSION = 2;
  private static final int R_AGENT = 3;
  private static final int R_SESSION = 4;
  private static final int R_REQUEST = 5;
  private static final int R_BRANCH = 6;
  private static final int R_MESSAGE = 7;
  private static final int R_MODEL = 8;
  private static final int R_BLOCK_TYPE = 9;
  private static final int R_TOOL = 10;
  private static final int R_SPEED = 11;
  private static final int R_TIER = 12;
  private static final int R_COUNT = 13;

  /*
   * The members are told apart by their key's length first (a switch), then by one comparison of the
   * key's bytes with each known name of that length; a member with no known name is skipped.
   */

  private ClaudeLine top() {
    ws();
    expect('{');
    if (open('}')) {
      do {
        field();
        switch (keyLength) {
          case 3 -> {
            if (is(CWD)) {
              line.cwd = text(R_CWD);
            } else {
              value();
            }
          }
          case 4 -> {
            if (is(TYPE)) {
              line.type = text(R_TYPE);
              if (line.type == null || !line.type.equals("assistant")) {
                line.stoppedAt = p;
                return line; // as the full parser: the rest of a user / progress / … line is not read
              }
            } else if (is(UUID)) {
              line.uuid = text();
            } else {
              value();
            }
          }
          case 7 -> {
            if (is(MESSAGE)) {
              if (at('{')) {
                message();
              } else {
                value();
              }
            } else if (is(VERSION)) {
              line.version = text(R_VERSION);
            } else if (is(AGENT_ID)) {
              line.agentId = text(R_AGENT);
            } else if (is(COST_USD)) {
              throw UNDECIDED; // a decimal with its own rules: the full parser reads it
            } else {
              value();
            }
          }
          case 9 -> {
            if (is(SESSION_ID)) {
              line.sessionId = text(R_SESSION);
            } else if (is(TIMESTAMP)) {
              line.timestamp = text();
            } else if (is(REQUEST_ID)) {
              line.requestId = text(R_REQUEST);
            } else if (is(GIT_BRANCH)) {
              line.gitBranch = text(R_BRANCH);
            } else {
              value();
            }
          }
          case 11 -> {
            if (is(IS_SIDECHAIN)) {
              line.sidechain = bool();
            } else {
              value();
            }
          }
          case 17 -> {
            if (is(IS_API_ERROR)) {
              line.apiError = bool();
            } else {
              value();
            }
          }
          default -> value();
        }
      } while (!closed('}'));
    }
    ws();
    if (toNewline) {
      if (p >= end || b[p] != '\n') {
        throw UNDECIDED; // trailing content, or the line's end not in the buffer yet
      }
      line.newline = p;
      return line;
    }
    if (p != end) {
      throw UNDECIDED; // trailing content: malformed, the full parser says so
    }
    return line;
  }

  private void message() {
    if (open('}')) {
      do {
        field();
        switch (keyLength) {
          case 2 -> {
            if (is(ID)) {
              line.messageId = text(R_MESSAGE);
            } else {
              value();
            }
          }
          case 5 -> {
            if (is(MODEL)) {
              line.model = text(R_MODEL);
            } else if (is(USAGE) && at('{')) {
              line.hasUsage = true;
              usage();
            } else {
              value();
            }
          }
          case 7 -> {
            if (is(CONTENT) && at('[')) {
              content();
            } else {
              value();
            }
          }
          case 11 -> {
            if (is(STOP_REASON)) {
              line.stopReason = peek() != 'n';
            }
            value();
          }
          default -> value();
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
        switch (keyLength) {
          case 2 -> {
            if (is(ID)) {
              id = text();
            } else {
              value();
            }
          }
          case 4 -> {
            if (is(TEXT) && at('"')) {
              line.contentChars += string();
            } else if (is(TYPE)) {
              type = text(R_BLOCK_TYPE);
            } else if (is(NAME)) {
              name = text(R_TOOL);
            } else {
              value();
            }
          }
          case 8 -> {
            if (is(THINKING) && at('"')) {
              line.contentChars += string();
            } else {
              value();
            }
          }
          default -> value();
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
        switch (keyLength) {
          case 5 -> {
            if (is(SPEED)) {
              line.speed = text(R_SPEED);
            } else {
              value();
            }
          }
          case 12 -> {
            if (is(INPUT_TOKENS)) {
              line.input = count(0);
            } else if (is(SERVICE_TIER)) {
              line.serviceTier = text(R_TIER);
            } else {
              value();
            }
          }
          case 13 -> {
            if (is(OUTPUT_TOKENS)) {
              line.output = count(0);
            } else {
              value();
            }
          }
          case 14 -> {
            if (is(CACHE_CREATION) && at('{')) {
              counts(CACHE_CREATION);
            } else {
              value();
            }
          }
          case 15 -> {
            if (is(SERVER_TOOL_USE) && at('{')) {
              counts(SERVER_TOOL_USE);
            } else {
              value();
            }
          }
          case 21 -> {
            if (is(OUTPUT_DETAILS) && at('{')) {
              counts(OUTPUT_DETAILS);
            } else {
              value();
            }
          }
          case 23 -> {
            if (is(CACHE_READ_INPUT)) {
              line.cacheRead = count(0);
            } else {
              value();
            }
          }
          case 27 -> {
            if (is(CACHE_CREATION_INPUT)) {
              line.cacheCreation = count(-1);
            } else {
              value();
            }
          }
          default -> value();
        }
      } while (!closed('}'));
    }
  }

  /** The members of one of usage's nested objects ({@code which}), the known counts kept. */
  private void counts(Name which) {
    if (open('}')) {
      do {
        field();
        if (which == CACHE_CREATION && keyLength == 25 && is(EPHEMERAL_5M)) {
          line.ephemeral5m = count(-1);
        } else if (which == CACHE_CREATION && keyLength == 25 && is(EPHEMERAL_1H)) {
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
    final byte[] b = this.b;
    final int end = this.end;
    int start = p + 1;
    int close = -1; // the closing quote of a plain ASCII key found word by word
    long head = 0;
    if (start + 8 <= end && b[p] == '"') {
      long first = (long) LONGS.get(b, start);
      long x = first;
      int i = start;
      while (true) {
        long q = x ^ QUOTES;
        long s = x ^ BACKSLASHES;
        long t = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - SPACES) & ~x) | x) & HIGHS;
        if (t != 0) {
          int k = i + (int) ((((t & -t) >>> 7) * 0x0001020304050607L) >>> 56);
          if (b[k] == '"') {
            close = k;
          }
          break; // else an escape, a control or a non-ASCII byte: the general path
        }
        i += 8;
        if (i + 8 > end || i - start > MAX_KEY) {
          break;
        }
        x = (long) LONGS.get(b, i);
      }
      int len = close - start;
      head = len >= 8 ? first : first & ((1L << (len << 3)) - 1);
    }
    if (close >= 0) {
      if (close - start > MAX_KEY) {
        throw UNDECIDED;
      }
      keyAt = start;
      keyLength = close - start;
      keyHead = head;
      p = close + 1;
    } else {
      keyAt = key();
      keyLength = p - 1 - keyAt;
      keyHead = head(b, keyAt, keyLength);
    }
    if (p < end && b[p] == ':') {
      p++;
    } else {
      ws();
      expect(':');
    }
    if (p < end && b[p] > ' ') {
      return;
    }
    ws();
  }

  /** The first eight bytes of {@code b[at, at + length)} as a little-endian long, zero past {@code length}. */
  private static long head(byte[] b, int at, int length) {
    long h = 0;
    for (int j = Math.min(length, 8) - 1; j >= 0; j--) {
      h = (h << 8) | (b[at + j] & 0xFF);
    }
    return h;
  }

  /** After a member's or element's value: true at {@code close} (the nesting left), false after a comma. */
  private boolean closed(char close) {
    byte c;
    if (p < end && (c = b[p]) > ' ') {
      p++; // no whitespace before it: the common case
    } else {
      ws();
      c = next();
    }
    if (c == close) {
      depth--;
      return true;
    }
    if (c != ',') {
      throw UNDECIDED;
    }
    if (p < end && b[p] > ' ') {
      return false;
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

  /** As {@link #text()}, the value of a repeating field ({@code slot} of {@link Recent}). */
  private String text(int slot) {
    if (recent == null || peek() != '"') {
      return text();
    }
    int start = ++p;
    string();
    if (escaped) {
      throw UNDECIDED;
    }
    int to = p - 1;
    byte[] last = recent.bytes[slot];
    if (last != null && Arrays.equals(b, start, to, last, 0, last.length)) {
      return recent.values[slot];
    }
    String value = new String(b, start, to - start, StandardCharsets.UTF_8);
    recent.bytes[slot] = Arrays.copyOfRange(b, start, to);
    recent.values[slot] = value;
    return value;
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
   * characters once decoded, what the full parser's {@code getTextLength()} gives: its bytes less what
   * its escapes and multi-byte sequences take beyond one character each.
   *
   * <p>Eight bytes at a time. A word with flagged bytes (quote, backslash, control, non-ASCII) stays in
   * the word loop: each flagged byte is checked in turn (an escape, a two-, three- or four-byte UTF-8
   * sequence, which may run into the next word), the flags below the next byte to check are cleared, and
   * the rest of the word is plain once no flag is left. The last bytes of the line, fewer than eight, are
   * read into a word padded with zero bytes, which are flagged (control characters) and end the string
   * undecided if it reaches them.
   */
  private long string() {
    final byte[] b = this.b;
    final int end = this.end;
    final int start = p;
    int i = start;
    int less = 0; // bytes beyond one per character: decoded length = bytes - less
    boolean esc = false;
    while (true) {
      long x;
      if (i + 8 <= end) {
        x = (long) LONGS.get(b, i);
      } else if (i < end) {
        x = 0; // the last bytes, the rest zero
        for (int k = end - 1; k >= i; k--) {
          x = (x << 8) | (b[k] & 0xFF);
        }
      } else {
        throw UNDECIDED; // no closing quote
      }
      long q = x ^ QUOTES;
      long s = x ^ BACKSLASHES;
      // quote, backslash, control: flagged (a flag above one of them may be false, see below)
      long special = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - SPACES) & ~x)) & HIGHS;
      long high = x & HIGHS;
      if (special == 0) {
        if (high == 0) {
          i += 8; // eight plain ASCII bytes
          continue;
        }
        // plain ASCII and non-ASCII bytes only: two- and three-byte UTF-8 sequences checked together, by
        // the top bits of each byte (bit 7 of each byte of these masks)
        long b6 = (x << 1) & high;
        long b5 = (x << 2) & b6;
        long b4 = (x << 3) & b5;
        long cont = high & ~b6; // 10xxxxxx
        long lead2 = b6 & ~b5; // 110xxxxx
        long lead3 = b5 & ~b4; // 1110xxxx
        // a sequence the word's end cuts: the word is taken up to its lead byte (the sixth or seventh)
        long cut = (lead2 & 0x8000000000000000L) | (lead3 & 0x8080000000000000L);
        int take = 8;
        long keep = -1L;
        if (cut != 0) {
          take = (int) ((((cut & -cut) >>> 7) * 0x0001020304050607L) >>> 56);
          keep = (1L << (take << 3)) - 1;
        }
        long nibble = x & 0x0F0F0F0F0F0F0F0FL;
        long bad = (b4 // four-byte leads and bytes no sequence starts with: the byte loop below
            | (lead2 & ~(((x & 0x1E1E1E1E1E1E1E1EL) + 0x7F7F7F7F7F7F7F7FL))) // C0, C1: overlong
            | (lead3 & ~((nibble + 0x7F7F7F7F7F7F7F7FL) & ((nibble ^ 0x0D0D0D0D0D0D0D0DL) + 0x7F7F7F7F7F7F7F7FL))))
            // (E0 and ED: overlong or a surrogate by their next byte, left to the byte loop)
            & keep // a cut lead is checked with the next word
            // a continuation missing or astray, in the whole word: a lead before the cut whose continuation
            // is the cut lead (or a byte after it) is caught here, as no later word looks back at it; in
            // valid text the bytes from the cut on are the cut sequence's own, which raise no such flag
            | (cont ^ ((lead2 << 8) | (lead3 << 8) | (lead3 << 16)));
        if ((bad & HIGHS) == 0) {
          less += (int) ((((cont & keep) >>> 7) * ONES) >>> 56); // one character per sequence
          i += take;
          continue;
        }
      }
      long t = special | high;
      int base = i;
      i += 8;
      // the flagged bytes of the word, lowest first: the lowest flag is always a real one; a flag above a
      // quote, backslash or control byte may be false (the subtraction's borrow), which the byte itself
      // shows (plain ASCII: nothing to do); a byte without a flag is plain ASCII
      while (t != 0) {
        // the lowest flag's byte, from its bit 8k+7, by a multiplication (C1 compiles numberOfTrailingZeros as a loop)
        int j = base + (int) ((((t & -t) >>> 7) * 0x0001020304050607L) >>> 56);
        if (j >= end) {
          throw UNDECIDED; // the padding: no closing quote
        }
        int c = b[j];
        int next;
        if (c < 0) { // a UTF-8 sequence
          c &= 0xFF;
          if (c < 0xE0) {
            if (c < 0xC2 || j + 2 > end || (b[j + 1] & 0xC0) != 0x80) {
              throw UNDECIDED; // a continuation byte, an overlong lead, or a missing continuation
            }
            next = j + 2;
            less += 1;
          } else if (c < 0xF0) {
            if (j + 3 > end) {
              throw UNDECIDED;
            }
            int c1 = b[j + 1] & 0xFF;
            if ((c1 & 0xC0) != 0x80 || (b[j + 2] & 0xC0) != 0x80
                || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) {
              throw UNDECIDED; // a missing continuation, overlong, or a surrogate
            }
            next = j + 3;
            less += 2;
          } else {
            if (c > 0xF4 || j + 4 > end) {
              throw UNDECIDED;
            }
            int c1 = b[j + 1] & 0xFF;
            if ((c1 & 0xC0) != 0x80 || (b[j + 2] & 0xC0) != 0x80 || (b[j + 3] & 0xC0) != 0x80
                || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
              throw UNDECIDED;
            }
            next = j + 4;
            less += 2; // four bytes, a surrogate pair
          }
        } else if (c == '"') {
          p = j + 1;
          escaped = esc;
          if (p - start > MAX_STRING) {
            throw UNDECIDED;
          }
          return j - start - less;
        } else if (c == '\\') {
          esc = true;
          if (j + 2 > end) {
            throw UNDECIDED;
          }
          int e = b[j + 1];
          if (e == 'n' || e == '"' || e == '\\' || e == 't' || e == '/' || e == 'r' || e == 'b' || e == 'f') {
            next = j + 2;
            less += 1;
          } else if (e == 'u' && j + 6 <= end && hex(b[j + 2]) && hex(b[j + 3]) && hex(b[j + 4]) && hex(b[j + 5])) {
            next = j + 6;
            less += 5;
          } else {
            throw UNDECIDED;
          }
        } else if (c < 0x20) {
          throw UNDECIDED; // a control character
        } else {
          next = j + 1; // a false flag: plain ASCII
        }
        if (next >= i) {
          i = next; // the sequence ends in or after the last byte of the word
          break;
        }
        t &= -1L << ((next - base) << 3); // the flags of the bytes from `next` on
      }
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
    int i = p;
    if (i < end && b[i] > ' ') {
      return; // the common case: no whitespace
    }
    while (i < end) {
      byte c = b[i];
      if (c == '\n' ? toNewline : c != ' ' && c != '\r' && c != '\t') {
        break; // (reading up to a newline, that is the line's end, not whitespace)
      }
      i++;
    }
    p = i;
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
  private boolean is(Name name) {
    int len = keyLength;
    if (len != name.bytes.length || keyHead != name.head) {
      return false;
    }
    int at = keyAt;
    byte[] b = this.b;
    byte[] bytes = name.bytes;
    for (int j = 8; j < len; j++) {
      if (b[at + j] != bytes[j]) {
        return false;
      }
    }
    return true;
  }

  /** A known key: its bytes, and the first eight of them as {@link #head} gives them. */
  private static final class Name {
    final byte[] bytes;
    final long head;

    Name(String s) {
      bytes = s.getBytes(StandardCharsets.US_ASCII);
      head = head(bytes, 0, bytes.length);
    }
  }

  private static final Name TYPE = new Name("type");
  private static final Name MESSAGE = new Name("message");
  private static final Name UUID = new Name("uuid");
  private static final Name TIMESTAMP = new Name("timestamp");
  private static final Name SESSION_ID = new Name("sessionId");
  private static final Name CWD = new Name("cwd");
  private static final Name GIT_BRANCH = new Name("gitBranch");
  private static final Name VERSION = new Name("version");
  private static final Name IS_SIDECHAIN = new Name("isSidechain");
  private static final Name AGENT_ID = new Name("agentId");
  private static final Name REQUEST_ID = new Name("requestId");
  private static final Name IS_API_ERROR = new Name("isApiErrorMessage");
  private static final Name COST_USD = new Name("costUSD");
  private static final Name ID = new Name("id");
  private static final Name MODEL = new Name("model");
  private static final Name STOP_REASON = new Name("stop_reason");
  private static final Name USAGE = new Name("usage");
  private static final Name CONTENT = new Name("content");
  private static final Name NAME = new Name("name");
  private static final Name TEXT = new Name("text");
  private static final Name THINKING = new Name("thinking");
  private static final Name INPUT_TOKENS = new Name("input_tokens");
  private static final Name OUTPUT_TOKENS = new Name("output_tokens");
  private static final Name CACHE_CREATION_INPUT = new Name("cache_creation_input_tokens");
  private static final Name CACHE_READ_INPUT = new Name("cache_read_input_tokens");
  private static final Name SERVICE_TIER = new Name("service_tier");
  private static final Name SPEED = new Name("speed");
  private static final Name CACHE_CREATION = new Name("cache_creation");
  private static final Name SERVER_TOOL_USE = new Name("server_tool_use");
  private static final Name OUTPUT_DETAILS = new Name("output_tokens_details");
  private static final Name EPHEMERAL_5M = new Name("ephemeral_5m_input_tokens");
  private static final Name EPHEMERAL_1H = new Name("ephemeral_1h_input_tokens");
  private static final Name WEB_SEARCH = new Name("web_search_requests");
  private static final Name WEB_FETCH = new Name("web_fetch_requests");
  private static final Name THINKING_TOKENS = new Name("thinking_tokens");
}
