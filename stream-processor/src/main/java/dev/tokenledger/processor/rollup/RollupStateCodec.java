package dev.tokenledger.processor.rollup;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Compact binary format of the rollup processor's internal state ({@link RollupBuckets},
 * {@link SessionMarks}, {@link SessionSeen}): fixed-width big-endian fields behind a format byte. Internal to the
 * processor (its stores and their changelogs); the rollup topic carries Avro {@code UsageRollup}s.
 *
 * <pre>
 * buckets  := FORMAT orgId:string mask:u8 bucket*          (one bucket per set bit, slot order)
 * bucket   := start:i64 end:i64 tokens:i64×7 cost:money savings:money requests:i64 sessions:i64
 *             lastEventTime:i64 updatedTime:i64
 * money    := 0 unscaled:i64 (scale 9) | 1 scale:i32 length:i32 unscaledBytes
 * sessions := FORMAT count:i32 (slot:u8 start:i64 end:i64)*
 * seen     := FORMAT count:i32 (dimension:u8 value:string marks:i32 (slot:u8 start:i64 end:i64)*)*
 *             (dimension = index in RollupDimensions.ALL; ADR 0228)
 * string   := length:i32 utf8
 * </pre>
 */
public final class RollupStateCodec {

  static final byte BUCKETS_FORMAT = 1;
  static final byte SESSIONS_FORMAT = 1;
  static final byte SEEN_FORMAT = 1;
  private static final int BUCKET_BYTES = 8 * (2 + RollupBucket.TOKEN_CLASSES + 4);

  private RollupStateCodec() {}

  public static byte[] encode(RollupBuckets b) {
    byte[] org = b.orgId().getBytes(StandardCharsets.UTF_8);
    int size = 1 + 4 + org.length + 1;
    int mask = 0;
    for (int i = 0; i < RollupBuckets.PERIODS.length; i++) {
      RollupBucket x = b.slot(i);
      if (x != null) {
        mask |= 1 << i;
        size += BUCKET_BYTES + moneySize(x.costSum()) + moneySize(x.cacheSavingsSum());
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(BUCKETS_FORMAT).putInt(org.length).put(org).put((byte) mask);
    for (int i = 0; i < RollupBuckets.PERIODS.length; i++) {
      RollupBucket x = b.slot(i);
      if (x != null) {
        out.putLong(x.start()).putLong(x.end());
        for (int t = 0; t < RollupBucket.TOKEN_CLASSES; t++) {
          out.putLong(x.token(t));
        }
        putMoney(out, x.costSum());
        putMoney(out, x.cacheSavingsSum());
        out.putLong(x.requests()).putLong(x.sessions()).putLong(x.lastEventTime()).putLong(x.updatedTime());
      }
    }
    return out.array();
  }

  public static RollupBuckets decodeBuckets(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    format(in, BUCKETS_FORMAT, "rollup buckets");
    RollupBuckets b = new RollupBuckets(string(in));
    int mask = in.get();
    for (int i = 0; i < RollupBuckets.PERIODS.length; i++) {
      if ((mask & (1 << i)) != 0) {
        long start = in.getLong();
        long end = in.getLong();
        long[] tokens = new long[RollupBucket.TOKEN_CLASSES];
        for (int t = 0; t < tokens.length; t++) {
          tokens[t] = in.getLong();
        }
        MoneySum cost = money(in);
        MoneySum savings = money(in);
        b.put(new RollupBucket(RollupBuckets.PERIODS[i], start, end, tokens, cost, savings, in.getLong(), in.getLong(),
            in.getLong(), in.getLong()));
      }
    }
    trailing(in, "rollup buckets");
    return b;
  }

  public static byte[] encode(SessionMarks m) {
    ByteBuffer out = ByteBuffer.allocate(1 + 4 + m.size() * 17);
    out.put(SESSIONS_FORMAT).putInt(m.size());
    for (int i = 0; i < m.size(); i++) {
      out.put(m.slot(i)).putLong(m.start(i)).putLong(m.end(i));
    }
    return out.array();
  }

  public static SessionMarks decodeSessions(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    format(in, SESSIONS_FORMAT, "session marks");
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / 17) {
      throw new IllegalArgumentException("corrupt session marks: count " + n + " for " + bytes.length + " bytes");
    }
    byte[] slots = new byte[Math.max(n, 4)];
    long[] starts = new long[slots.length];
    long[] ends = new long[slots.length];
    for (int i = 0; i < n; i++) {
      slots[i] = in.get();
      if (slots[i] < 0 || slots[i] >= RollupBuckets.PERIODS.length) {
        throw new IllegalArgumentException("corrupt session marks: period slot " + slots[i]);
      }
      starts[i] = in.getLong();
      ends[i] = in.getLong();
    }
    trailing(in, "session marks");
    return new SessionMarks(slots, starts, ends, n);
  }

  public static byte[] encode(SessionSeen s) {
    byte[][] values = new byte[s.size()][];
    int size = 1 + 4;
    for (int i = 0; i < s.size(); i++) {
      values[i] = s.value(i).getBytes(StandardCharsets.UTF_8);
      size += 1 + 4 + values[i].length + 4 + s.marksAt(i).size() * 17;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(SEEN_FORMAT).putInt(s.size());
    for (int i = 0; i < s.size(); i++) {
      SessionMarks m = s.marksAt(i);
      out.put((byte) s.dim(i)).putInt(values[i].length).put(values[i]).putInt(m.size());
      for (int j = 0; j < m.size(); j++) {
        out.put(m.slot(j)).putLong(m.start(j)).putLong(m.end(j));
      }
    }
    return out.array();
  }

  public static SessionSeen decodeSeen(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    format(in, SEEN_FORMAT, "session entry");
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / 9) {
      throw new IllegalArgumentException("corrupt session entry: count " + n + " for " + bytes.length + " bytes");
    }
    SessionSeen s = new SessionSeen();
    for (int i = 0; i < n; i++) {
      int dim = in.get();
      String value = string(in);
      SessionMarks m = new SessionMarks();
      int marks = in.getInt();
      if (marks < 0 || marks > in.remaining() / 17) {
        throw new IllegalArgumentException("corrupt session entry: mark count " + marks);
      }
      for (int j = 0; j < marks; j++) {
        byte slot = in.get();
        if (slot < 0 || slot >= RollupBuckets.PERIODS.length) {
          throw new IllegalArgumentException("corrupt session entry: period slot " + slot);
        }
        m.add(slot, in.getLong(), in.getLong());
      }
      s.add(dim, value, m);
    }
    trailing(in, "session entry");
    return s;
  }

  private static int moneySize(MoneySum v) {
    return v.fitsLong() ? 9 : 9 + v.value().unscaledValue().toByteArray().length;
  }

  private static void putMoney(ByteBuffer out, MoneySum v) {
    if (v.fitsLong()) {
      out.put((byte) 0).putLong(v.nanos());
    } else {
      BigDecimal value = v.value();
      byte[] unscaled = value.unscaledValue().toByteArray();
      out.put((byte) 1).putInt(value.scale()).putInt(unscaled.length).put(unscaled);
    }
  }

  private static MoneySum money(ByteBuffer in) {
    byte tag = in.get();
    if (tag == 0) {
      return MoneySum.ofNanos(in.getLong());
    }
    if (tag != 1) {
      throw new IllegalArgumentException("corrupt rollup state: money tag " + tag);
    }
    int scale = in.getInt();
    byte[] unscaled = new byte[in.getInt()];
    in.get(unscaled);
    return MoneySum.of(new BigDecimal(new BigInteger(unscaled), scale));
  }

  private static String string(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("corrupt rollup state: string length " + n);
    }
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private static void format(ByteBuffer in, byte expected, String what) {
    byte f = in.get();
    if (f != expected) {
      throw new IllegalArgumentException("unknown " + what + " format " + f + " (expected " + expected + ")");
    }
  }

  private static void trailing(ByteBuffer in, String what) {
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("corrupt " + what + ": " + in.remaining() + " trailing bytes");
    }
  }
}
