package dev.tokenledger.pricing.overrides;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.pricing.ModelNames;
import dev.tokenledger.pricing.Money;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Organisation price overrides in TOML, in the format of the single-machine tools this product
 * replaces, plus an effective-from instant. Prices are USD per MILLION tokens:
 *
 * <pre>
 * [pricing]
 * effective_from = "2026-11-15T00:00:00Z"   # optional, default 1970-01-01T00:00:00Z (all history)
 *
 * [pricing.anthropic]
 * "claude-sonnet-4-20250514" = { input = 3.00, output = 15.00, cache_create = 3.75, cache_read = 0.30 }
 * </pre>
 *
 * Optional per model: {@code cache_create_1h}, {@code effective_from}, {@code tier_threshold_tokens},
 * {@code input_above_tier}, {@code output_above_tier}, {@code cache_create_above_tier},
 * {@code cache_read_above_tier}, {@code fast_multiplier}, {@code priority_multiplier}, {@code aliases}.
 * An override replaces the whole price of its model from its effective-from instant on; rates it does
 * not give take the documented defaults. Model names are normalised like event model names but keep a
 * dated suffix (the given spelling becomes an alias): an override of a dated snapshot prices that
 * snapshot, an override of the family every spelling of it. Version id: {@code override:<effective-from ISO>}. Every error of a file
 * is reported at once.
 */
public final class PriceOverrides {

  /** The effective-from instant of overrides that give none: the start of all history. */
  public static final Instant DEFAULT_EFFECTIVE_FROM = Instant.EPOCH;

  private static final Set<String> MODEL_KEYS = Set.of("input", "output", "cache_create", "cache_create_1h",
      "cache_read", "effective_from", "tier_threshold_tokens", "input_above_tier", "output_above_tier",
      "cache_create_above_tier", "cache_read_above_tier", "fast_multiplier", "priority_multiplier", "aliases");

  /** Invalid override file; {@link #errors()} lists every problem found. */
  public static final class InvalidOverrides extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    public InvalidOverrides(String source, List<String> errors) {
      super("invalid price overrides in " + source + ":\n  - " + String.join("\n  - ", errors));
      this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
      return errors;
    }
  }

  private final TomlMapper toml = new TomlMapper();

  public List<ModelPrice> load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      return parse(r, file.toString());
    }
  }

  public List<ModelPrice> parse(Reader reader, String source) throws IOException {
    JsonNode root;
    try {
      root = toml.readTree(reader);
    } catch (IOException e) {
      throw new InvalidOverrides(source, List.of("not valid TOML: " + e.getMessage()));
    }
    List<String> errors = new ArrayList<>();
    List<ModelPrice> out = new ArrayList<>();
    JsonNode pricing = root == null ? null : root.get("pricing");
    if (pricing == null || !pricing.isObject()) {
      throw new InvalidOverrides(source, List.of("missing [pricing] table"));
    }
    Instant fileFrom = DEFAULT_EFFECTIVE_FROM;
    if (pricing.has("effective_from")) {
      fileFrom = instant(pricing.get("effective_from"), "pricing.effective_from", errors);
    }
    Iterator<Map.Entry<String, JsonNode>> providers = pricing.fields();
    while (providers.hasNext()) {
      Map.Entry<String, JsonNode> p = providers.next();
      if (p.getKey().equals("effective_from")) {
        continue;
      }
      if (!p.getValue().isObject()) {
        errors.add("pricing." + p.getKey() + ": expected a table of models (unknown setting?)");
        continue;
      }
      String provider = p.getKey().trim().toLowerCase(Locale.ROOT);
      Iterator<Map.Entry<String, JsonNode>> models = p.getValue().fields();
      while (models.hasNext()) {
        Map.Entry<String, JsonNode> m = models.next();
        ModelPrice price = model(provider, m.getKey(), m.getValue(), fileFrom, errors);
        if (price != null) {
          out.add(price);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidOverrides(source, errors);
    }
    return out;
  }

  private static ModelPrice model(String provider, String rawName, JsonNode m, Instant fileFrom, List<String> errors) {
    String where = "pricing." + provider + ".\"" + rawName + "\"";
    if (!m.isObject()) {
      errors.add(where + ": expected an inline table { input = ..., output = ... }");
      return null;
    }
    int before = errors.size();
    m.fieldNames().forEachRemaining(k -> {
      if (!MODEL_KEYS.contains(k)) {
        errors.add(where + ": unknown key '" + k + "' (known: " + new java.util.TreeSet<>(MODEL_KEYS) + ")");
      }
    });
    BigDecimal input = perMillion(m, "input", true, where, errors);
    BigDecimal output = perMillion(m, "output", true, where, errors);
    BigDecimal write5m = perMillion(m, "cache_create", false, where, errors);
    BigDecimal write1h = perMillion(m, "cache_create_1h", false, where, errors);
    BigDecimal read = perMillion(m, "cache_read", false, where, errors);
    BigDecimal inAbove = perMillion(m, "input_above_tier", false, where, errors);
    BigDecimal outAbove = perMillion(m, "output_above_tier", false, where, errors);
    BigDecimal writeAbove = perMillion(m, "cache_create_above_tier", false, where, errors);
    BigDecimal readAbove = perMillion(m, "cache_read_above_tier", false, where, errors);
    BigDecimal fast = ratio(m, "fast_multiplier", where, errors);
    BigDecimal priority = ratio(m, "priority_multiplier", where, errors);
    Long tier = null;
    if (m.has("tier_threshold_tokens")) {
      JsonNode t = m.get("tier_threshold_tokens");
      if (t.canConvertToLong() && t.asLong() > 0) {
        tier = t.asLong();
      } else {
        errors.add(where + ".tier_threshold_tokens: expected a positive integer, got " + t);
      }
    }
    boolean anyAbove = inAbove != null || outAbove != null || writeAbove != null || readAbove != null;
    if (anyAbove != (tier != null)) {
      errors.add(where + ": tier_threshold_tokens and the *_above_tier rates go together");
    }
    Instant from = m.has("effective_from") ? instant(m.get("effective_from"), where + ".effective_from", errors) : fileFrom;
    List<String> aliases = new ArrayList<>();
    String normalized = rawName.isBlank() ? "" : ModelNames.normalizeKeepingDate(rawName);
    if (normalized.isEmpty() || normalized.contains("@")) {
      errors.add(where + ": invalid model name");
    }
    String lower = rawName.trim().toLowerCase(Locale.ROOT);
    if (!lower.equals(normalized)) {
      aliases.add(lower);
    }
    if (m.has("aliases")) {
      if (!m.get("aliases").isArray()) {
        errors.add(where + ".aliases: expected an array of strings");
      } else {
        m.get("aliases").forEach(a -> aliases.add(a.asText().trim().toLowerCase(Locale.ROOT)));
      }
    }
    if (errors.size() > before || from == null) {
      return null;
    }
    return ModelPrice.newBuilder()
        .setProvider(provider)
        .setModel(normalized)
        .setVersion("override:" + from)
        .setSource(PriceSource.OVERRIDE)
        .setEffectiveFrom(from)
        .setInputPerToken(input)
        .setOutputPerToken(output)
        .setCacheWrite5mPerToken(write5m)
        .setCacheWrite1hPerToken(write1h)
        .setCacheReadPerToken(read)
        .setTierThresholdTokens(tier)
        .setInputAboveTierPerToken(inAbove)
        .setOutputAboveTierPerToken(outAbove)
        .setCacheWriteAboveTierPerToken(writeAbove)
        .setCacheReadAboveTierPerToken(readAbove)
        .setFastMultiplier(fast)
        .setPriorityMultiplier(priority)
        .setAliases(new ArrayList<>(aliases))
        .build();
  }

  private static BigDecimal perMillion(JsonNode m, String key, boolean required, String where, List<String> errors) {
    JsonNode n = m.get(key);
    if (n == null) {
      if (required) {
        errors.add(where + ": missing '" + key + "' (USD per million tokens)");
      }
      return null;
    }
    BigDecimal v = number(n);
    if (v == null || v.signum() < 0) {
      errors.add(where + "." + key + ": expected a non-negative number (USD per million tokens), got " + n);
      return null;
    }
    return Money.perMillionToPerToken(v);
  }

  private static BigDecimal ratio(JsonNode m, String key, String where, List<String> errors) {
    JsonNode n = m.get(key);
    if (n == null) {
      return null;
    }
    BigDecimal v = number(n);
    if (v == null || v.signum() <= 0) {
      errors.add(where + "." + key + ": expected a positive number, got " + n);
      return null;
    }
    return Money.ratio(v);
  }

  private static BigDecimal number(JsonNode n) {
    if (n.isNumber()) {
      return new BigDecimal(n.asText());
    }
    return null;
  }

  /** An ISO instant ({@code 2026-11-15T00:00:00Z}), offset date-time or date (midnight UTC). */
  static Instant instant(JsonNode n, String where, List<String> errors) {
    String s = n.asText();
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(where + ": expected an ISO date or instant such as 2026-11-15T00:00:00Z, got '" + s + "'");
      return null;
    }
  }
}
