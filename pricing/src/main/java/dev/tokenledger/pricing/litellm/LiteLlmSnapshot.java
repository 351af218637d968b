package dev.tokenledger.pricing.litellm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.pricing.ModelNames;
import dev.tokenledger.pricing.Money;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json} into {@link ModelPrice} versions.
 *
 * <ul>
 *   <li>Only first-party providers are kept (resellers such as bedrock, azure or openrouter carry the
 *       same models at other prices): {@code anthropic}, {@code openai}, {@code gemini} and
 *       {@code vertex_ai-language-models} (both as {@code google}; the Gemini API entry wins),
 *       {@code dashscope} ({@code alibaba}), {@code xai}, {@code mistral}, {@code deepseek},
 *       {@code moonshot}. Entries need both an input and an output per-token price.
 *   <li>Model names are normalised ({@link ModelNames#normalize}); dated variants priced like their
 *       family fold into one model with the dated names as aliases, a dated variant priced
 *       differently keeps its own dated key.
 *   <li>Long-context tier: the smallest {@code *_above_<N>k_tokens} threshold of the entry.
 *       Fast multiplier: {@code provider_specific_entry.fast}; priority multiplier:
 *       {@code input_cost_per_token_priority / input_cost_per_token}.
 * </ul>
 */
public final class LiteLlmSnapshot {

  /** The snapshot shipped in this module. */
  public static final String CLASSPATH_RESOURCE = "/pricing/model_prices_and_context_window.json";

  private static final Map<String, String> PROVIDERS = new LinkedHashMap<>();

  static {
    // insertion order = precedence when two LiteLLM providers map to the same provider and model
    PROVIDERS.put("anthropic", "anthropic");
    PROVIDERS.put("openai", "openai");
    PROVIDERS.put("gemini", "google");
    PROVIDERS.put("vertex_ai-language-models", "google");
    PROVIDERS.put("dashscope", "alibaba");
    PROVIDERS.put("xai", "xai");
    PROVIDERS.put("mistral", "mistral");
    PROVIDERS.put("deepseek", "deepseek");
    PROVIDERS.put("moonshot", "moonshot");
  }

  private static final Pattern TIER_KEY = Pattern.compile("_above_(\\d+)k_tokens$");

  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** The snapshot date: the file's {@code last_updated}, else null. */
  public static Instant lastUpdated(JsonNode root) {
    JsonNode lu = root.get("last_updated");
    if (lu == null || !lu.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(lu.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Loads the shipped snapshot with prices effective from {@code effectiveFrom}. */
  public List<ModelPrice> loadShipped(Instant effectiveFrom) {
    return ShippedResource.read(CLASSPATH_RESOURCE, "price snapshot", in -> load(in, effectiveFrom));
  }

  /** Parses a snapshot; every price gets version {@code litellm:<last_updated date>}. */
  public List<ModelPrice> load(InputStream in, Instant effectiveFrom) throws IOException {
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    JsonNode root = json.readTree(in);
    if (root == null || !root.isObject()) {
      throw new IOException("price snapshot is not a JSON object");
    }
    Instant updated = lastUpdated(root);
    String version = "litellm:" + (updated == null ? "unknown" : updated.atOffset(ZoneOffset.UTC).toLocalDate().toString());

    // provider -> normalised model -> candidates (raw key, price) in file order
    Map<String, Map<String, List<Candidate>>> grouped = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode entry = e.getValue();
      if (!entry.isObject()) {
        continue;
      }
      String provider = PROVIDERS.get(entry.path("litellm_provider").asText(""));
      BigDecimal input = decimal(entry, "input_cost_per_token");
      BigDecimal output = decimal(entry, "output_cost_per_token");
      if (provider == null || input == null || output == null) {
        continue;
      }
      String rawName = e.getKey().substring(e.getKey().lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
      if (rawName.isBlank() || rawName.contains("@")) {
        continue;
      }
      int precedence = new ArrayList<>(PROVIDERS.keySet()).indexOf(entry.path("litellm_provider").asText());
      ModelPrice.Builder price = toPrice(provider, entry, input, output, version, effectiveFrom);
      grouped.computeIfAbsent(provider, k -> new TreeMap<>())
          .computeIfAbsent(ModelNames.normalize(rawName), k -> new ArrayList<>())
          .add(new Candidate(rawName, precedence, price));
    }

    List<ModelPrice> out = new ArrayList<>();
    for (Map<String, List<Candidate>> models : grouped.values()) {
      for (Map.Entry<String, List<Candidate>> m : models.entrySet()) {
        out.addAll(fold(m.getKey(), m.getValue()));
      }
    }
    return out;
  }

  /** One price per distinct rate set: the family name when it matches the family, dated keys otherwise. */
  private static List<ModelPrice> fold(String family, List<Candidate> candidates) {
    candidates.sort(Comparator.comparingInt(Candidate::precedence));
    // the same raw name from two LiteLLM providers: keep the one with the best precedence
    Map<String, Candidate> byRaw = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byRaw.putIfAbsent(c.rawName, c);
    }
    Candidate head = byRaw.containsKey(family) ? byRaw.get(family) : byRaw.values().iterator().next();
    String headRates = rates(head.price);
    List<String> aliases = new ArrayList<>();
    List<ModelPrice> out = new ArrayList<>();
    for (Candidate c : byRaw.values()) {
      if (c == head) {
        continue;
      }
      if (rates(c.price).equals(headRates)) {
        aliases.add(c.rawName);
      } else {
        out.add(c.price.setModel(c.rawName).setAliases(List.of()).build());
      }
    }
    if (!head.rawName.equals(family)) {
      aliases.add(0, head.rawName);
    }
    out.add(0, head.price.setModel(family).setAliases(new ArrayList<>(aliases)).build());
    return out;
  }

  private static String rates(ModelPrice.Builder b) {
    return String.join("|", String.valueOf(b.getInputPerToken()), String.valueOf(b.getOutputPerToken()),
        String.valueOf(b.getCacheWrite5mPerToken()), String.valueOf(b.getCacheWrite1hPerToken()),
        String.valueOf(b.getCacheReadPerToken()), String.valueOf(b.getTierThresholdTokens()),
        String.valueOf(b.getInputAboveTierPerToken()), String.valueOf(b.getOutputAboveTierPerToken()),
        String.valueOf(b.getCacheWriteAboveTierPerToken()), String.valueOf(b.getCacheReadAboveTierPerToken()),
        String.valueOf(b.getFastMultiplier()), String.valueOf(b.getPriorityMultiplier()));
  }

  private static ModelPrice.Builder toPrice(String provider, JsonNode e, BigDecimal input, BigDecimal output,
      String version, Instant effectiveFrom) {
    Long tier = null;
    Iterator<String> names = e.fieldNames();
    while (names.hasNext()) {
      Matcher m = TIER_KEY.matcher(names.next());
      if (m.find()) {
        long t = Long.parseLong(m.group(1)) * 1000L;
        tier = tier == null ? t : Math.min(tier, t);
      }
    }
    String suffix = tier == null ? null : "_above_" + (tier / 1000) + "k_tokens";
    BigDecimal priority = decimal(e, "input_cost_per_token_priority");
    BigDecimal fast = e.path("provider_specific_entry").has("fast")
        ? e.path("provider_specific_entry").get("fast").decimalValue() : null;
    return ModelPrice.newBuilder()
        .setProvider(provider)
        .setModel("pending")
        .setVersion(version)
        .setSource(PriceSource.LITELLM)
        .setEffectiveFrom(effectiveFrom)
        .setInputPerToken(Money.rate(input))
        .setOutputPerToken(Money.rate(output))
        .setCacheWrite5mPerToken(rate(decimal(e, "cache_creation_input_token_cost")))
        .setCacheWrite1hPerToken(rate(decimal(e, "cache_creation_input_token_cost_above_1hr")))
        .setCacheReadPerToken(rate(decimal(e, "cache_read_input_token_cost")))
        .setTierThresholdTokens(tier)
        .setInputAboveTierPerToken(tier == null ? null : rate(decimal(e, "input_cost_per_token" + suffix)))
        .setOutputAboveTierPerToken(tier == null ? null : rate(decimal(e, "output_cost_per_token" + suffix)))
        .setCacheWriteAboveTierPerToken(tier == null ? null : rate(decimal(e, "cache_creation_input_token_cost" + suffix)))
        .setCacheReadAboveTierPerToken(tier == null ? null : rate(decimal(e, "cache_read_input_token_cost" + suffix)))
        .setFastMultiplier(fast == null ? null : Money.ratio(fast))
        .setPriorityMultiplier(priority == null || input.signum() == 0 ? null
            : Money.ratio(priority.divide(input, 8, RoundingMode.HALF_EVEN)))
        .setAliases(List.of());
  }

  private static BigDecimal decimal(JsonNode e, String field) {
    JsonNode n = e.get(field);
    return n == null || !n.isNumber() ? null : n.decimalValue();
  }

  private static BigDecimal rate(BigDecimal v) {
    return v == null ? null : Money.rate(v);
  }

  private record Candidate(String rawName, int precedence, ModelPrice.Builder price) {}
}
