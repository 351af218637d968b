package dev.tokenledger.processor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.ParkedEvents;
import dev.tokenledger.processor.streams.runtime.ParkedEvents.Waiting;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger streams parked}: the events waiting for a price, per model — how many, how long
 * they have waited, and when the oldest is given up ({@code events.parked_max_age}).
 */
@Command(name = "parked", mixinStandardHelpOptions = true,
    description = "List the events waiting for a price of their model (count and age per model).")
public final class ParkedCommand implements Callable<Integer> {

  @ParentCommand
  StreamsCommand parent;

  @Spec
  CommandSpec spec;

  @Option(names = "--json", description = "One JSON document instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Optional<StreamsSettings> settings = parent.settings(spec.commandLine().getErr());
    if (settings.isEmpty()) {
      return 2;
    }
    StreamsSettings s = settings.get();
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(s.kafka().registry()));
    List<Waiting> waiting = ParkedEvents.read(s.kafka().connection(), s.kafka().applicationId(), serdes.usageEvent(),
        Duration.ofSeconds(60));
    Duration maxAge = s.topology().parkedMaxAge();
    Instant now = Instant.now();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ArrayNode a = m.createArrayNode();
      for (Waiting w : waiting) {
        a.addObject().put("provider", w.provider()).put("model", w.model()).put("events", w.events())
            .put("oldestParked", String.valueOf(w.oldestParked())).put("oldestEventTime", w.oldestEventTime().toString())
            .put("newestEventTime", w.newestEventTime().toString())
            .put("givenUpAt", w.oldestParked() == null ? null : w.oldestParked().plus(maxAge).toString());
      }
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(m.createObjectNode().put("parkedMaxAge", maxAge.toString())
          .set("waiting", a)));
      return 0;
    }
    if (waiting.isEmpty()) {
      out.println("no events are waiting for a price");
      return 0;
    }
    out.printf("%-12s %-40s %8s %12s  %-20s %-24s%n", "provider", "model", "events", "waiting", "oldest event", "oldest given up at");
    for (Waiting w : waiting) {
      String age = w.oldestParked() == null ? "?" : human(Duration.between(w.oldestParked(), now));
      out.printf("%-12s %-40s %8d %12s  %-20s %-24s%n", w.provider(), w.model(), w.events(), age,
          w.oldestEventTime().toString().substring(0, 19), w.oldestParked() == null ? "?" : w.oldestParked().plus(maxAge));
    }
    out.println("add a price (or an alias) with `streams prices` and they are priced within pricing.reprice_interval");
    return 0;
  }

  private static String human(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() + "m " + d.toSecondsPart() + "s";
  }
}
