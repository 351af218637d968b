package dev.tokenledger.processor.cli;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.PriceCatalogLoader;
import dev.tokenledger.processor.streams.runtime.PricePublisher;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tokenledger streams prices}: publishes the price catalogue (snapshot + overrides) to the price topic. */
@Command(name = "prices", mixinStandardHelpOptions = true,
    description = "Publish the price catalogue (LiteLLM snapshot + organisation overrides) to the compacted price topic.")
public final class PricesCommand implements Callable<Integer> {

  @ParentCommand
  StreamsCommand parent;

  @Spec
  CommandSpec spec;

  @Option(names = "--dry-run", description = "Print the versions that would be published and exit.")
  boolean dryRun;

  @Option(names = "--keep-removed", description = "Do not withdraw the overrides on the topic that the overrides file no"
      + " longer has (by default they are withdrawn; without an overrides file nothing is withdrawn unless --withdraw-all).")
  boolean keepRemoved;

  @Option(names = "--withdraw-all", description = "With no overrides file configured: withdraw every override on the topic.")
  boolean withdrawAll;

  @Override
  public Integer call() {
    Optional<StreamsSettings> settings = parent.settings(spec.commandLine().getErr());
    if (settings.isEmpty()) {
      return 2;
    }
    StreamsSettings s = settings.get();
    List<ModelPrice> prices = PriceCatalogLoader.load(s.pricing());
    if (dryRun) {
      PriceCatalogLoader.asRecords(prices).forEach(r -> spec.commandLine().getOut().println(r.getKey() + " " + r.getValue().getVersion()));
      return 0;
    }
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(s.kafka().registry()));
    boolean withdraw = !keepRemoved && (s.pricing().overridesFile().isPresent() || withdrawAll);
    if (!keepRemoved && s.pricing().overridesFile().isEmpty() && !withdrawAll) {
      spec.commandLine().getErr().println("no pricing.overrides_file configured: overrides already on the topic are kept"
          + " (pass --withdraw-all to remove them)");
    }
    PricePublisher.Result r = PricePublisher.publish(s.kafka().connection(), s.topics().prices(), serdes.price(), prices,
        withdraw);
    spec.commandLine().getOut().println("published " + r.published() + " price versions to " + s.topics().prices());
    r.withdrawn().forEach(k -> spec.commandLine().getOut().println("withdrew override " + k + " (no longer in the overrides file)"));
    return 0;
  }
}
