package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.warehouse.testing.RowBinaryReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBinaryWriterTest {

  private final RowBinaryWriter out = new RowBinaryWriter(1);   // grows on every write

  @Test
  void numbersAreLittleEndianFixedWidth() throws Exception {
    out.bool(true).uint16(Column.of("c", "UInt16"), 0xABCD).uint32(Column.of("c", "UInt32"), 0xFFFF_FFFFL).uint64(Column.of("c", "UInt64"), 0x0102030405060708L).int64(-2);
    assertThat(hex()).isEqualTo("01" + "cdab" + "ffffffff" + "0807060504030201" + "feffffffffffffff");
  }

  @Test
  void stringsAreAVarintLengthAndTheirUtf8BytesLikeGetBytes() {
    String longer = "x".repeat(300);
    List<String> samples = List.of("", "abc", "héllo", "€", "日本語", "emoji 😀 end", "bad \uD800 surrogate", "tab\tnew\nline", longer);
    for (String s : samples) {
      out.reset();
      out.string(s);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      byte[] written = out.toByteArray();
      int header = utf8.length < 128 ? 1 : 2;
      assertThat(Arrays.copyOfRange(written, header, written.length)).as(s).isEqualTo(utf8);
      assertThat(new RowBinaryReader(written).value("String")).as(s).isEqualTo(new String(utf8, StandardCharsets.UTF_8));
    }
    out.reset();
    out.string(longer);
    assertThat(hex().substring(0, 4)).isEqualTo("ac02");   // 300 = 0b10_0101100 → 0xAC 0x02
    out.reset();
    out.string(null);
    assertThat(hex()).isEqualTo("00");
  }

  @Test
  void decimalsAreUnscaledIntegersOfTheirWidth() throws Exception {
    out.decimal32(Column.of("m", "Decimal(9, 4)"), new BigDecimal("-1.5"))
        .decimal64(Column.of("c", "Decimal(18, 9)"), new BigDecimal("0.000000001"))
        .decimal128(Column.of("s", "Decimal(38, 9)"), new BigDecimal("-1"));
    assertThat(hex()).isEqualTo("68c5ffff" + "0100000000000000" + "003665c4ffffffffffffffffffffffff");
    RowBinaryReader r = new RowBinaryReader(out.toByteArray());
    assertThat(r.value("Decimal(9, 4)")).isEqualTo("-1.5000");
    assertThat(r.value("Decimal(18, 9)")).isEqualTo("0.000000001");
    assertThat(r.value("Decimal(38, 9)")).isEqualTo("-1.000000000");
  }

  @Test
  void decimalsOutsideTheirTypeAreRefusedWithTheColumnAndType() {
    assertThatThrownBy(() -> out.decimal64(Column.of("cost", "Decimal(18, 9)"), new BigDecimal("1000000000")))
        .isInstanceOf(UnwritableRecordException.class).hasMessage("cost = 1000000000 is out of the range of Decimal(18, 9)");
    assertThatThrownBy(() -> out.decimal64(Column.of("cost", "Decimal(18, 9)"), new BigDecimal("-999999999.9999999999")))
        .hasMessage("cost = -999999999.9999999999 has more than 9 decimal places (Decimal(18, 9))");
    assertThatThrownBy(() -> out.decimal32(Column.of("m", "Decimal(9, 4)"), new BigDecimal("100000")))
        .hasMessage("m = 100000 is out of the range of Decimal(9, 4)");
    assertThatThrownBy(() -> out.decimal128(Column.of("s", "Decimal(38, 9)"), new BigDecimal("1E+29")))
        .hasMessageContaining("out of the range of Decimal(38, 9)");
    assertThatThrownBy(() -> out.nullableDecimal64(Column.of("r", "Nullable(Decimal(18, 9))"), new BigDecimal("1E+40")))
        .hasMessageContaining("out of the range of Decimal(18, 9)");
    assertThatThrownBy(() -> out.decimal64(Column.of("cost", "Decimal(18, 9)"), null)).hasMessage("cost is missing");
    assertThat(out.size()).isZero();   // nothing half-written (no Nullable flag before a refused value)
  }

  @Test
  void theLargestValuesOfEachDecimalTypeAreWritten() throws Exception {
    out.decimal64(Column.of("c", "Decimal(18, 9)"), new BigDecimal("999999999.999999999"))
        .decimal64(Column.of("c", "Decimal(18, 9)"), new BigDecimal("-999999999.999999999"))
        .decimal128(Column.of("s", "Decimal(38, 9)"), new BigDecimal("99999999999999999999999999999.999999999"))
        .decimal128(Column.of("s", "Decimal(38, 9)"), new BigDecimal("-99999999999999999999999999999.999999999"))
        .decimal32(Column.of("m", "Decimal(9, 4)"), new BigDecimal("9999.9999"))
        .decimal64(Column.of("p", "Decimal(18, 4)"), new BigDecimal("-99999999999999.9999"));
    RowBinaryReader r = new RowBinaryReader(out.toByteArray());
    assertThat(r.value("Decimal(18, 9)")).isEqualTo("999999999.999999999");
    assertThat(r.value("Decimal(18, 9)")).isEqualTo("-999999999.999999999");
    assertThat(r.value("Decimal(38, 9)")).isEqualTo("99999999999999999999999999999.999999999");
    assertThat(r.value("Decimal(38, 9)")).isEqualTo("-99999999999999999999999999999.999999999");
    assertThat(r.value("Decimal(9, 4)")).isEqualTo("9999.9999");
    assertThat(r.value("Decimal(18, 4)")).isEqualTo("-99999999999999.9999");
    assertThat(r.atEnd()).isTrue();
  }

  @Test
  void timesAreCheckedAgainstTheColumnRange() throws Exception {
    out.dateTime(Column.of("t", "DateTime('UTC')"), Instant.EPOCH).dateTime(Column.of("t", "DateTime('UTC')"), Instant.ofEpochSecond(RowBinaryWriter.MAX_DATETIME_SECONDS))
        .date(Column.of("d", "Date"), LocalDate.of(2105, 12, 31)).nullableDateTime(Column.of("n", "Nullable(DateTime('UTC'))"), null).nullableDateTime(Column.of("n", "Nullable(DateTime('UTC'))"), Instant.parse("2026-11-22T23:30:00.999Z"));
    RowBinaryReader r = new RowBinaryReader(out.toByteArray());
    assertThat(r.value("DateTime('UTC')")).isEqualTo("1970-01-01 00:00:00");
    assertThat(r.value("DateTime('UTC')")).isEqualTo("2105-12-31 23:59:59");
    assertThat(r.value("Date")).isEqualTo("2105-12-31");
    assertThat(r.value("Nullable(DateTime('UTC'))")).isEqualTo("\\N");
    assertThat(r.value("Nullable(DateTime('UTC'))")).isEqualTo("2026-11-22 23:30:00");
    int size = out.size();
    assertThatThrownBy(() -> out.dateTime(Column.of("t", "DateTime('UTC')"), Instant.parse("1969-12-31T23:59:59Z")))
        .hasMessageContaining("t = 1969-12-31T23:59:59Z is outside DateTime's range");
    assertThatThrownBy(() -> out.nullableDateTime(Column.of("n", "Nullable(DateTime('UTC'))"), Instant.parse("2106-01-01T00:00:00Z"))).hasMessageContaining("outside DateTime's range");
    assertThatThrownBy(() -> out.date(Column.of("d", "Date"), LocalDate.of(2106, 1, 1))).hasMessageContaining("outside Date's range");
    assertThatThrownBy(() -> out.uint64(Column.of("n", "UInt64"), -1)).hasMessage("n = -1 is negative (column is unsigned)");
    assertThatThrownBy(() -> out.uint32(Column.of("p", "UInt32"), 1L << 32)).hasMessage("p = 4294967296 is outside UInt32");
    assertThatThrownBy(() -> out.uint16(Column.of("p", "UInt16"), 65_536)).hasMessage("p = 65536 is outside UInt16");
    assertThatThrownBy(() -> out.uint32s(Column.of("c", "Array(UInt32)"), List.of(1, -2))).hasMessageContaining("negative value -2");
    assertThat(out.size()).isEqualTo(size);
  }

  @Test
  void arraysAreAVarintCountAndTheirElements() throws Exception {
    out.strings(Arrays.asList("a", null, "ü")).uint32s(Column.of("c", "Array(UInt32)"), List.of(2, 1));
    RowBinaryReader r = new RowBinaryReader(out.toByteArray());
    assertThat(r.value("Array(String)")).isEqualTo("['a','','ü']");
    assertThat(r.value("Array(UInt32)")).isEqualTo("[2,1]");
    assertThat(r.atEnd()).isTrue();
  }

  @Test
  void truncateDropsAHalfWrittenRowAndAppendCopiesRows() {
    out.string("keep");
    int mark = out.size();
    out.string("drop").int64(1);
    out.truncate(mark);
    RowBinaryWriter other = new RowBinaryWriter(4);
    other.append(out.array(), 0, out.size());
    other.append(out.array(), 0, out.size());
    RowBinaryReader r = new RowBinaryReader(other.toByteArray());
    assertThat(r.value("String")).isEqualTo("keep");
    assertThat(r.value("String")).isEqualTo("keep");
    assertThat(r.atEnd()).isTrue();
    assertThatThrownBy(() -> out.truncate(mark + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private String hex() {
    StringBuilder s = new StringBuilder();
    for (byte b : out.toByteArray()) {
      s.append(String.format("%02x", b));
    }
    return s.toString();
  }
}
