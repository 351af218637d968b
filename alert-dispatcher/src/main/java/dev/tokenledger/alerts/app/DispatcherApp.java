package dev.tokenledger.alerts.app;

import dev.tokenledger.alerts.channel.Contributors;
import dev.tokenledger.operations.Operations;
import io.micrometer.core.instrument.Gauge;
import dev.tokenledger.alerts.digest.DigestScheduler;
import dev.tokenledger.alerts.digest.http.ApiBudgetBoard;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.tokenledger.alerts.clickhouse.WarehouseContributors;
import dev.tokenledger.alerts.channel.http.HttpPoster;
import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.config.ChannelSettings;
import dev.tokenledger.alerts.config.Secret;
import dev.tokenledger.alerts.config.WarehouseSettings;
import dev.tokenledger.alerts.delivery.ChannelWorker;
import dev.tokenledger.alerts.delivery.DeliveryLedger;
import dev.tokenledger.alerts.delivery.Dispatcher;
import dev.tokenledger.alerts.delivery.Settlement;
import dev.tokenledger.alerts.delivery.TokenBucket;
import dev.tokenledger.alerts.kafka.BreachLoop;
import dev.tokenledger.retry.Sleeper;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The alerts role wired from its settings: one worker per channel, one Kafka loop. */
public final class DispatcherApp {

  private static final Logger LOG = LoggerFactory.getLogger(DispatcherApp.class);

  private final AlertsSettings settings;
  private final Contributors contributors;
  private final Optional<WarehouseContributors> owned;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile BreachLoop loop;

  /** Slack messages name the top contributors when {@code [warehouse]} is configured, none otherwise. */
  public DispatcherApp(AlertsSettings settings) {
    this.settings = settings;
    this.owned = settings.warehouse().map(w -> WarehouseContributors.open(endpoint(w)));
    this.contributors = owned.<Contributors>map(c -> c).orElse(Contributors.NONE);
  }

  /** With the given {@code contributors} instead of those the settings name. */
  public DispatcherApp(AlertsSettings settings, Contributors contributors) {
    this.settings = settings;
    this.owned = Optional.empty();
    this.contributors = contributors;
  }

  /** The warehouse as the contributors' client sees it: the timeout bounds every request. */
  static ClickHouseEndpoint endpoint(WarehouseSettings w) {
    return new ClickHouseEndpoint(w.url().reveal(), w.database(), w.user(), w.password().map(Secret::reveal).orElse(""),
        w.timeout());
  }

  /** Runs until stopped; returns the process exit code. */
  public int run() {
    Clock clock = Clock.systemUTC();
    HttpPoster http = new HttpPoster(settings.delivery().connectTimeout(), settings.delivery().requestTimeout(), clock);
    BlockingQueue<Settlement> settled = new LinkedBlockingQueue<>();
    List<ChannelWorker> workers = new ArrayList<>();
    if (owned.isPresent()) {
      WarehouseSettings w = settings.warehouse().orElseThrow();
      LOG.info("top contributors in Slack messages: from the warehouse at {}, database {} (waiting at most {} ms)", w.url(),
          w.database(), w.timeout().toMillis());
    } else {
      LOG.info("top contributors in Slack messages: {}", contributors == Contributors.NONE ? "none (no [warehouse] url)" : "given");
    }
    for (ChannelSettings c : settings.channels()) {
      workers.add(new ChannelWorker(ChannelFactory.create(c, http, contributors, clock),
          new TokenBucket(c.ratePerMinute(), c.burst(), settings.delivery().maxRetryAfter(), System::nanoTime), settings.delivery().retryPolicy(), Sleeper.SYSTEM, clock, settled::add,
          c.concurrency()));
      LOG.info("channel {}: {} to {}, {} per minute, {} at once", c.name(), c.type().configName(), c.url(), c.ratePerMinute(),
          c.concurrency());
    }
    Dispatcher dispatcher = new Dispatcher(workers);
    DeliveryLedger ledger = new DeliveryLedger();
    ScheduledExecutorService digests = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "alerts-digest"));
    try (Operations ops = new Operations("alerts");
        BreachLoop l = BreachLoop.open(settings, dispatcher, ledger, settled, clock, ops.registry())) {
      loop = l;
      for (ChannelWorker w : workers) {
        Gauge.builder("tokenledger_alerts_queued", w, ChannelWorker::queued).tag("channel", w.channelName())
            .description("deliveries waiting for the channel").register(ops.registry());
      }
      ops.serve(settings.ops(), l::readiness);
      settings.digest().ifPresent(d -> {
        DigestScheduler scheduler = new DigestScheduler(d.at(), d.zone(), settings.channels().stream().map(ChannelSettings::name).toList(),
            Set.copyOf(d.channels()), new ApiBudgetBoard(d.apiUrl(), d.apiToken()), ledger, dispatcher::submit, () -> l.owns(0), clock);
        digests.scheduleWithFixedDelay(() -> {
          try {
            scheduler.tick();
          } catch (RuntimeException e) {
            LOG.warn("daily digest: {}", e.toString());
          }
        }, 5, 15, TimeUnit.SECONDS);
        LOG.info("daily digest at {} {} from the API at {}", d.at(), d.zone(), d.apiUrl());
      });
      l.run();
      return 0;
    } catch (RuntimeException e) {
      LOG.error("the alert dispatcher stopped: {}", e.toString());
      return 1;
    } finally {
      digests.shutdownNow();
      owned.ifPresent(WarehouseContributors::close);
      stopped.countDown();
    }
  }

  /** Stops the loop (workers end their current attempt; settled work is committed) and waits at most {@code wait}. */
  public void stop(Duration wait) {
    BreachLoop l = loop;
    if (l != null) {
      l.stop();
    }
    try {
      stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
