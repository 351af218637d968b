package dev.tokenledger.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.cli.LocalReportCommand;
import org.junit.jupiter.api.Test;

/** The bundled list started before the command line is parsed is the one the next report takes, once. */
class OfflinePricesTest {

  @Test
  void theEarlyLoadIsTakenByTheNextReportOnly() {
    OfflinePrices.bundledInBackground(); // whatever another test left
    OfflinePrices.loadBundledEarly();
    assertThat(OfflinePrices.loadingEarly()).isTrue();
    OfflinePrices.Loaded early = OfflinePrices.bundledInBackground();
    assertThat(OfflinePrices.loadingEarly()).isFalse();
    OfflinePrices.Loaded fresh = OfflinePrices.bundledInBackground();
    assertThat(early.book()).isNotSameAs(fresh.book());
    assertThat(early.description()).isEqualTo(fresh.description()).isEqualTo(OfflinePrices.bundled().description());
    assertThat(early.book().all()).isEqualTo(fresh.book().all()).isNotEmpty();
  }

  @Test
  void aReportNamingAPriceFileStartsNoLoad() {
    OfflinePrices.bundledInBackground();
    LocalReportCommand.startEarly(new String[] {"daily", "--prices", "prices.json"});
    LocalReportCommand.startEarly(new String[] {"daily", "--prices=prices.json", "--json"});
    assertThat(OfflinePrices.loadingEarly()).isFalse();
    LocalReportCommand.startEarly(new String[] {"daily", "--json"});
    assertThat(OfflinePrices.loadingEarly()).isTrue();
    OfflinePrices.bundledInBackground();
  }
}
