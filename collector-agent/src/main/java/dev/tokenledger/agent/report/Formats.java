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

  /** A share 0..1 in percent with one decimal, rounded half up: {@code 12.5%}. */
  public static String percent(BigDecimal share) {
    return share.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /**
   * The line under a report when some of its cost is not provider-final (estimated or a lower bound), or
   * "" when all of it is final: {@code Not provider-final: $1.20 of $10.00 (12.0%) …}.
   */
  public static String notFinalLine(Usage total) {
    if (total.notFinalCost().signum() == 0 || total.notFinalShare() == null) {
      return "";
    }
    return "Not provider-final: " + usd(total.notFinalCost()) + " of " + usd(total.cost()) + " (" + percent(total.notFinalShare())
        + ") — estimated or lower-bound counts, not the provider's final usage\n";
  }

  /** {@code 2h 05m}. */
  public static String hoursMinutes(long minutes) {
    return String.format(Locale.ROOT, "%dh %02dm", minutes / 60, minutes % 60);
  }
}
