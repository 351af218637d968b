package dev.tokenledger.alerts.app;

import dev.tokenledger.alerts.channel.Contributors;
import dev.tokenledger.alerts.channel.http.HttpPoster;
import dev.tokenledger.alerts.clickhouse.WarehouseContributors;
import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.config.ChannelSettings;
import dev.tokenledger.alerts.delivery.ChannelWorker;
import dev.tokenledger.alerts.delivery.DeadLetterReplay;
import dev.tokenledger.alerts.delivery.ReplaySelection;
import dev.tokenledger.alerts.delivery.TokenBucket;
import dev.tokenledger.alerts.kafka.DeadLetterStore;
import dev.tokenledger.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code alerts replay}: the dead-letter replay wired from the dispatcher's own settings and channels. */
public final class ReplayApp {

  private ReplayApp() {}

  public static List<DeadLetterReplay.Result> run(AlertsSettings settings, ReplaySelection selection, boolean dryRun,
      Duration timeout) {
    Clock clock = Clock.systemUTC();
    HttpPoster http = new HttpPoster(settings.delivery().connectTimeout(), settings.delivery().requestTimeout(), clock);
    Optional<WarehouseContributors> owned = settings.warehouse().map(w -> WarehouseContributors.open(DispatcherApp.endpoint(w)));
    Contributors contributors = owned.<Contributors>map(c -> c).orElse(Contributors.NONE);
    Map<String, ChannelWorker> workers = new HashMap<>();
    for (ChannelSettings c : settings.channels()) {
      workers.put(c.name(), new ChannelWorker(ChannelFactory.create(c, http, contributors, clock),
          new TokenBucket(c.ratePerMinute(), c.burst(), settings.delivery().maxRetryAfter(), System::nanoTime),
          settings.delivery().retryPolicy(), Sleeper.SYSTEM, clock, s -> { }));
    }
    try (DeadLetterStore store = new DeadLetterStore(settings, timeout)) {
      return new DeadLetterReplay(store, name -> Optional.ofNullable(workers.get(name)), clock).run(selection, dryRun);
    } finally {
      owned.ifPresent(WarehouseContributors::close);
    }
  }
}
