package dev.tokenledger.settings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The keys of a role's {@code [kafka]} section: its own plus the shared security and registry-credential keys. */
public final class KafkaKeys {

  private KafkaKeys() {}

  public static Set<String> with(String... roleKeys) {
    Set<String> keys = new HashSet<>(List.of(roleKeys));
    keys.addAll(KafkaSecurity.KEYS);
    keys.addAll(RegistryCredentials.KEYS);
    return Set.copyOf(keys);
  }
}
