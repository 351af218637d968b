package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.Period;
import dev.tokenledger.processor.calendar.PeriodWindow;
import java.util.Arrays;

/**
 * The open buckets of one dimension value in which one session has been seen: what makes the
 * distinct-session count of a rollup exact. Kept inside the {@link SessionSeen} of the session (one
 * store entry per organisation and session, ADR 0228; one per dimension value and session before).
 * Marks of closed periods are dropped as the entry is written, and the entry itself once all its
 * periods are closed.
 */
public final class SessionMarks {

  private byte[] slots;
  private long[] starts;
  private long[] ends;
  private int size;
  /** Per period slot, the index of its last added or found mark (a hint: checked first, -1 none). */
  private final byte[] hints = {-1, -1, -1, -1};

  public SessionMarks() {
    this(new byte[4], new long[4], new long[4], 0);
  }

  SessionMarks(byte[] slots, long[] starts, long[] ends, int size) {
    this.slots = slots;
    this.starts = starts;
    this.ends = ends;
    this.size = size;
  }

  /** Records the session in the window; true if it was not recorded there yet (a new session for that rollup). */
  public boolean add(PeriodWindow w) {
    return add((byte) RollupBuckets.slot(w.period()), w.start().toEpochMilli(), w.end().toEpochMilli());
  }

  boolean add(byte slot, long start, long end) {
    int h = hints[slot];
    if (h >= 0 && h < size && slots[h] == slot && starts[h] == start) {
      return false;   // the usual case: the session's current hour, day, week and month are already marked
    }
    for (int i = 0; i < size; i++) {
      if (slots[i] == slot && starts[i] == start) {
        hints[slot] = (byte) Math.min(i, Byte.MAX_VALUE);
        return false;
      }
    }
    if (size == slots.length) {
      slots = Arrays.copyOf(slots, size * 2);
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    slots[size] = slot;
    starts[size] = start;
    ends[size] = end;
    hints[slot] = (byte) Math.min(size, Byte.MAX_VALUE);
    size++;
    return true;
  }

  /** The latest end of the marks (Long.MIN_VALUE when there is none). */
  public long lastEnd() {
    long last = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      last = Math.max(last, ends[i]);
    }
    return last;
  }

  /** Drops the marks of periods that ended at or before {@code horizon} (period end + grace ≤ stream time). */
  public void dropEndedBy(long horizon) {
    int j = 0;
    for (int i = 0; i < size; i++) {
      if (ends[i] > horizon) {
        slots[j] = slots[i];
        starts[j] = starts[i];
        ends[j] = ends[i];
        j++;
      }
    }
    size = j;
    java.util.Arrays.fill(hints, (byte) -1);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }

  Period period(int i) {
    return RollupBuckets.PERIODS[slots[i]];
  }

  byte slot(int i) {
    return slots[i];
  }

  long start(int i) {
    return starts[i];
  }

  long end(int i) {
    return ends[i];
  }
}
