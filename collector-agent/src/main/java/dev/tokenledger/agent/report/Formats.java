package dev.tokenledger.agent.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How the reports show numbers: tokens with thousands separators, dollars to the cent. */
public final class Formats {

  private Formats() {}

  public static String tokens(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code $1,234.57}: rounded half up to the cent (the JSON keeps the exact decimal). */
  public static String usd(BigDecimal amount) {
    BigDecimal cents = amount.setScale(2, RoundingMode.HALF_UP);
    return (cents.signum() < 0 ? "-$" : "$") + String.format(Locale.ROOT, "%,.2f", cents.abs());
  }

  /** {@code 2h 05m}. */
  public static String hoursMinutes(long minutes) {
    return String.format(Locale.ROOT, "%dh %02dm", minutes / 60, minutes % 60);
  }
}
