package dev.tokenledger.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, reusable byte sink (ByteArrayOutputStream locks on every byte). */
final class GrowableBuffer extends OutputStream {

  private byte[] bytes = new byte[1024];
  private int size;

  void reset() {
    size = 0;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }
}
