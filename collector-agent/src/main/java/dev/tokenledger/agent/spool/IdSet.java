package dev.tokenledger.agent.spool;

import java.util.UUID;

/** An open-addressing hash set of 128-bit ids (two longs per slot, 16 bytes per id). Not thread-safe. */
final class IdSet {

  private long[] slots = new long[2 * 1024];
  private int size;

  /** Adds the id; false if it was present. */
  boolean add(long msb, long lsb) {
    if (msb == 0 && lsb == 0) {
      lsb = 1; // 0/0 marks an empty slot; a real UUID v8 never has lsb 0 or 1 with msb 0
    }
    if ((size + 1) * 4L >= slots.length / 2 * 3L) {
      grow();
    }
    return insert(slots, msb, lsb);
  }

  boolean contains(long msb, long lsb) {
    if (msb == 0 && lsb == 0) {
      lsb = 1;
    }
    int capacity = slots.length / 2;
    int i = index(msb, lsb, capacity);
    while (true) {
      long m = slots[2 * i];
      long l = slots[2 * i + 1];
      if (m == 0 && l == 0) {
        return false;
      }
      if (m == msb && l == lsb) {
        return true;
      }
      i = (i + 1) & (capacity - 1);
    }
  }

  boolean add(UUID id) {
    return add(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  int size() {
    return size;
  }

  private boolean insert(long[] table, long msb, long lsb) {
    int capacity = table.length / 2;
    int i = index(msb, lsb, capacity);
    while (true) {
      long m = table[2 * i];
      long l = table[2 * i + 1];
      if (m == 0 && l == 0) {
        table[2 * i] = msb;
        table[2 * i + 1] = lsb;
        if (table == slots) {
          size++;
        }
        return true;
      }
      if (m == msb && l == lsb) {
        return false;
      }
      i = (i + 1) & (capacity - 1);
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0 || old[i + 1] != 0) {
        insert(slots, old[i], old[i + 1]);
      }
    }
  }

  private static int index(long msb, long lsb, int capacity) {
    long h = msb * 0x9E3779B97F4A7C15L ^ lsb;
    h ^= h >>> 31;
    return (int) (h & (capacity - 1));
  }
}
