package dev.tokenledger.processor.rollup;

import java.util.Arrays;

/**
 * Where one session of an organisation has been seen: the {@link SessionMarks} of every dimension value
 * it was seen with (ADR 0228). One store entry per (organisation, session) instead of one per
 * (dimension value, session), so an event costs one look-up and at most one write for its distinct-
 * session counts instead of eight. A session usually has one value per dimension; one that changes
 * model, say, has one more entry for the model dimension.
 *
 * <p>Dimensions are identified by their index in {@link RollupDimensions#ALL}.
 */
public final class SessionSeen {

  private byte[] dims;
  private String[] values;
  private SessionMarks[] marks;
  private int size;

  public SessionSeen() {
    this(new byte[RollupDimensions.ALL.size()], new String[RollupDimensions.ALL.size()],
        new SessionMarks[RollupDimensions.ALL.size()], 0);
  }

  SessionSeen(byte[] dims, String[] values, SessionMarks[] marks, int size) {
    this.dims = dims;
    this.values = values;
    this.marks = marks;
    this.size = size;
  }

  /** The marks of the session in one dimension value, created empty if it has none yet. */
  public SessionMarks marks(int dim, String value) {
    if (dim < size && dims[dim] == dim && values[dim].equals(value)) {
      return marks[dim];   // the usual place: a session's first value of each dimension, added in dimension order
    }
    for (int i = 0; i < size; i++) {
      if (dims[i] == dim && values[i].equals(value)) {
        return marks[i];
      }
    }
    SessionMarks m = new SessionMarks();
    add(dim, value, m);
    return m;
  }

  /** The marks of one dimension value, or null. */
  public SessionMarks find(int dim, String value) {
    for (int i = 0; i < size; i++) {
      if (dims[i] == dim && values[i].equals(value)) {
        return marks[i];
      }
    }
    return null;
  }

  void add(int dim, String value, SessionMarks m) {
    if (dim < 0 || dim >= RollupDimensions.ALL.size()) {
      throw new IllegalArgumentException("no rollup dimension " + dim);
    }
    if (size == dims.length) {
      dims = Arrays.copyOf(dims, size * 2);
      values = Arrays.copyOf(values, size * 2);
      marks = Arrays.copyOf(marks, size * 2);
    }
    dims[size] = (byte) dim;
    values[size] = value;
    marks[size] = m;
    size++;
  }

  /**
   * Adds the marks of a dimension value (a migration from one entry per dimension value): marks of the
   * same window are kept once.
   */
  public void merge(int dim, String value, SessionMarks from) {
    SessionMarks into = marks(dim, value);
    for (int i = 0; i < from.size(); i++) {
      into.add(from.slot(i), from.start(i), from.end(i));
    }
  }

  /** Drops the marks of periods that ended at or before {@code horizon}, and the values left without any. */
  public void dropEndedBy(long horizon) {
    int j = 0;
    for (int i = 0; i < size; i++) {
      marks[i].dropEndedBy(horizon);
      if (!marks[i].isEmpty()) {
        dims[j] = dims[i];
        values[j] = values[i];
        marks[j] = marks[i];
        j++;
      }
    }
    for (int i = j; i < size; i++) {
      values[i] = null;
      marks[i] = null;
    }
    size = j;
  }

  /** The latest end of any mark (Long.MIN_VALUE when there is none). */
  public long lastEnd() {
    long last = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      last = Math.max(last, marks[i].lastEnd());
    }
    return last;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Number of dimension values. */
  public int size() {
    return size;
  }

  int dim(int i) {
    return dims[i];
  }

  String value(int i) {
    return values[i];
  }

  SessionMarks marksAt(int i) {
    return marks[i];
  }
}
