package dev.tokenledger.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Model-name normalisation. Sources report the same model under many spellings
 * ({@code anthropic/claude-sonnet-4-5-20250929}, {@code claude-sonnet-4-5@20250929},
 * {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0}, {@code claude-sonnet-4-5[1m]},
 * {@code models/gemini-2.5-pro}); the price table is keyed by the normalised name.
 *
 * <p>{@link #candidates} lists the names to try, most specific first, so an exact dated key in the
 * price table (a dated model priced differently from its family) wins over the undated key.
 */
public final class ModelNames {

  private static final Pattern BRACKET_SUFFIX = Pattern.compile("\\[[^\\]]*\\]$");
  private static final Pattern BEDROCK_PREFIX = Pattern.compile("^(?:[a-z]{2,6}\\.)?(?:anthropic|meta|amazon|mistral|cohere)\\.");
  private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+(?::\\d+)?$");
  private static final Pattern DATED_SUFFIX = Pattern.compile("-(?:\\d{8}|\\d{4}-\\d{2}-\\d{2})$");
  private static final Pattern FAST_SUFFIX = Pattern.compile("-fast$");

  private ModelNames() {}

  /** The names to look up, most specific first, without duplicates; never empty for a non-blank name. */
  public static List<String> candidates(String raw) {
    List<String> out = new ArrayList<>(6);
    String undated = withoutDecorations(raw, out);
    if (!undated.isEmpty()) {
      add(out, DATED_SUFFIX.matcher(undated).replaceFirst(""));
    }
    return out;
  }

  /**
   * Every normalisation step but the dated suffix's: the name lower-cased, without bracket suffix,
   * provider prefix, Bedrock decorations, '@' and fast suffix; each step's result is added to
   * {@code out}. Empty for a blank name.
   */
  private static String withoutDecorations(String raw, List<String> out) {
    String s = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return s;
    }
    add(out, s);
    s = BRACKET_SUFFIX.matcher(s).replaceFirst("");
    add(out, s);
    int slash = s.lastIndexOf('/');
    if (slash >= 0 && slash < s.length() - 1) {
      s = s.substring(slash + 1);
      add(out, s);
    }
    String bedrock = BEDROCK_VERSION.matcher(BEDROCK_PREFIX.matcher(s).replaceFirst("")).replaceFirst("");
    if (!bedrock.equals(s)) {
      s = bedrock;
      add(out, s);
    }
    if (s.indexOf('@') > 0) {
      s = s.replace('@', '-');
      add(out, s);
    }
    String noFast = FAST_SUFFIX.matcher(s).replaceFirst("");
    if (!noFast.equals(s)) {
      s = noFast;
      add(out, s);
    }
    return s;
  }

  /**
   * The normalised form of a name an organisation writes in its overrides: like {@link #normalize} but
   * keeping a dated suffix, so an override for one dated snapshot ({@code gpt-4o-2024-05-13}) prices that
   * snapshot only, while an override for the family ({@code gpt-4o}) prices every spelling of it.
   */
  public static String normalizeKeepingDate(String raw) {
    String s = withoutDecorations(raw, new ArrayList<>(6));
    if (s.isEmpty()) {
      throw new IllegalArgumentException("model name is blank");
    }
    return s;
  }

  /** The normalised form: the last (least specific) candidate. */
  public static String normalize(String raw) {
    List<String> c = candidates(raw);
    if (c.isEmpty()) {
      throw new IllegalArgumentException("model name is blank");
    }
    return c.get(c.size() - 1);
  }

  private static void add(List<String> out, String s) {
    if (!s.isEmpty() && !out.contains(s)) {
      out.add(s);
    }
  }
}
