package dev.tokenledger.processor.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneySumTest {

  @Test
  void sumsExactlyInNanoDollars() {
    MoneySum s = MoneySum.zero();
    for (int i = 0; i < 1_000; i++) {
      s.add(new BigDecimal("0.000000001"));
      s.add(new BigDecimal("1.100000000"));
    }
    assertThat(s.fitsLong()).isTrue();
    assertThat(s.nanos()).isEqualTo(1_100_000_001_000L);
    assertThat(s.value()).isEqualTo(new BigDecimal("1100.000001000"));
  }

  @Test
  void movesToBigDecimalWhenTheSumNoLongerFitsALong() {
    MoneySum s = MoneySum.ofNanos(Long.MAX_VALUE - 1);
    s.add(new BigDecimal("0.000000002"));
    assertThat(s.fitsLong()).isFalse();
    assertThat(s.value()).isEqualTo(new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE).movePointLeft(9));
    s.add(new BigDecimal("-0.000000001"));
    assertThat(s.value()).isEqualTo(new BigDecimal(Long.MAX_VALUE).movePointLeft(9));
    assertThatThrownBy(s::nanos).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void negativeOverflowIsDetectedToo() {
    MoneySum s = MoneySum.ofNanos(Long.MIN_VALUE + 1);
    s.add(new BigDecimal("-0.000000002"));
    assertThat(s.fitsLong()).isFalse();
    assertThat(s.value()).isEqualTo(new BigDecimal(Long.MIN_VALUE).subtract(BigDecimal.ONE).movePointLeft(9));
  }

  @Test
  void amountsOfAnotherScaleAreRoundedHalfEvenToNinePlaces() {
    MoneySum s = MoneySum.zero();
    s.add(new BigDecimal("0.25"));
    s.add(new BigDecimal("0.0000000005"));   // half a nano-dollar: HALF_EVEN keeps 0.250000000
    assertThat(s.value()).isEqualTo(new BigDecimal("0.250000000"));
  }

  @Test
  void anAmountWhoseNanosDoNotFitALongIsAddedExactly() {
    MoneySum s = MoneySum.ofNanos(5);
    BigDecimal tenBillion = new BigDecimal("10000000000.000000000");   // 10^19 nano-dollars > Long.MAX_VALUE
    s.add(tenBillion);
    assertThat(s.fitsLong()).isFalse();
    assertThat(s.value()).isEqualTo(new BigDecimal("10000000000.000000005"));
  }
}
