package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The byte side of the RowBinary writer: growth, roll-back and the primitive encodings, without column types. */
class RowBinaryBufferTest {

  private final RowBinaryBuffer out = new RowBinaryWriter(1);   // starts at the 16-byte minimum

  @Test
  void growsPastItsCapacityAndKeepsWhatWasWritten() {
    byte[] first = out.array();
    assertThat(first).hasSize(16);
    for (int i = 0; i < 100; i++) {
      out.ensure(1);
      out.put8(i);
    }
    assertThat(out.size()).isEqualTo(100);
    assertThat(out.array()).isNotSameAs(first).hasSizeGreaterThanOrEqualTo(100);
    byte[] expected = new byte[100];
    for (int i = 0; i < 100; i++) {
      expected[i] = (byte) i;
    }
    assertThat(out.toByteArray()).isEqualTo(expected);
  }

  @Test
  void resetAndTruncateKeepTheCapacityAndRefuseAMarkBeyondTheEnd() {
    out.append(new byte[40], 0, 40);
    byte[] grown = out.array();
    out.truncate(10);
    assertThat(out.size()).isEqualTo(10);
    assertThatThrownBy(() -> out.truncate(11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> out.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
    out.reset();
    assertThat(out.size()).isZero();
    assertThat(out.array()).isSameAs(grown);
  }

  @Test
  void appendCopiesASliceOfAnotherArray() {
    out.append(new byte[] {9, 1, 2, 3, 9}, 1, 3);
    assertThat(out.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void integersAreLittleEndian() {
    out.ensure(30);
    out.put16(0xABCD);
    out.put32(0x01020304);
    out.put64(-2L);
    assertThat(hex()).isEqualTo("cdab" + "04030201" + "feffffffffffffff");
  }

  @Test
  void lengthsAreUnsignedLeb128() {
    int[] values = {0, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE};
    String[] expected = {"00", "7f", "8001", "ac02", "ff7f", "808001", "ffffffff07"};
    for (int i = 0; i < values.length; i++) {
      out.reset();
      out.ensure(5);
      out.varint(values[i]);
      assertThat(hex()).as("%d", values[i]).isEqualTo(expected[i]);
    }
  }

  @Test
  void put128SignExtendsAMinimalBigEndianValueTo16LittleEndianBytes() {
    out.ensure(48);
    out.put128(BigInteger.valueOf(-1).toByteArray());
    out.put128(BigInteger.valueOf(0x0102).toByteArray());
    out.put128(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE).toByteArray());
    assertThat(hex()).isEqualTo("ff".repeat(16) + "0201" + "00".repeat(14) + "ff".repeat(15) + "7f");
  }

  @Test
  void stringsAndBytesAreALengthAndTheirBytes() {
    out.putString(null);
    out.putString("");
    out.putString("aé😀\uDC00");   // an unpaired surrogate becomes '?', as String.getBytes does
    out.putBytes(new byte[] {'x', 'y', 'z'}, 2);
    byte[] utf8 = "aé😀\uDC00".getBytes(StandardCharsets.UTF_8);
    assertThat(utf8).hasSize(8);
    byte[] written = out.toByteArray();
    assertThat(written[0]).isZero();
    assertThat(written[1]).isZero();
    assertThat(written[2]).isEqualTo((byte) 8);
    assertThat(Arrays.copyOfRange(written, 3, 11)).isEqualTo(utf8);
    assertThat(Arrays.copyOfRange(written, 11, written.length)).containsExactly(2, 'x', 'y');
  }

  private String hex() {
    StringBuilder s = new StringBuilder();
    for (byte b : out.toByteArray()) {
      s.append(String.format("%02x", b));
    }
    return s.toString();
  }
}
