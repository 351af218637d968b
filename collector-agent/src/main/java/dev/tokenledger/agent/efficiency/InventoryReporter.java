package dev.tokenledger.agent.efficiency;

import dev.tokenledger.agent.inventory.ConfiguredMcpServer;
import dev.tokenledger.events.McpInventoryEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Publishes the names of the MCP servers configured on this machine (ADR 0620) when they changed since
 * the last report, and otherwise once every {@link #SNAPSHOT_EVERY} — so the efficiency query's
 * {@code zombie_days} window always holds a recent observation of a server still configured. A failed
 * send is tried again at the next check (nothing is recorded as reported).
 */
public final class InventoryReporter {

  /** A report is repeated at least this often, unchanged or not. */
  public static final Duration SNAPSHOT_EVERY = Duration.ofDays(1);

  /** Who the inventory belongs to, as the usage events name them. */
  public record Owner(String orgId, String userId, String team, String host) {}

  private final Supplier<Set<ConfiguredMcpServer>> reader;
  private final Owner owner;
  private final EfficiencyPublisher publisher;
  private final EfficiencyState state;
  private final Clock clock;

  public InventoryReporter(Supplier<Set<ConfiguredMcpServer>> reader, Owner owner, EfficiencyPublisher publisher,
      EfficiencyState state, Clock clock) {
    this.reader = reader;
    this.owner = owner;
    this.publisher = publisher;
    this.state = state;
    this.clock = clock;
  }

  /** Reads the inventory and publishes it if it is due; returns the number of entries published (0: not due or empty). */
  public int reportIfDue() {
    Set<ConfiguredMcpServer> servers = new TreeSet<>(reader.get());
    String fingerprint = fingerprint(servers);
    Instant now = clock.instant();
    boolean changed = !state.inventoryFingerprint().map(fingerprint::equals).orElse(false);
    boolean stale = state.inventoryReportedAt().map(at -> !now.isBefore(at.plus(SNAPSHOT_EVERY))).orElse(true);
    if (!changed && !stale) {
      return 0;
    }
    List<McpInventoryEntry> entries = EfficiencyRecords.inventory(owner.orgId(), owner.userId(), owner.team(), owner.host(),
        servers, now);
    if (!entries.isEmpty()) {
      publisher.inventory(entries);
    }
    state.inventoryReported(fingerprint, now);
    return entries.size();
  }

  static String fingerprint(Set<ConfiguredMcpServer> servers) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (ConfiguredMcpServer s : servers) {
        sha.update((s.source() + "\u0000" + s.server() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
