package dev.tokenledger.pricing.litellm;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shipped LiteLLM list as {@link LiteLlmSnapshot} reads it, written at build time in a compact binary form
 * (a few kilobytes instead of 1.5 MB of JSON) so that a one-off report loads it without the JSON tree: the
 * prices are the ones the snapshot's rules made, field for field; only {@code effectiveFrom} is given at load.
 * The form: a magic number and version, the price count, then per price its strings, source and decimals
 * (a decimal as its exact text, a nullable field after a presence byte). The build writes it with
 * {@link #main}; the test of this module checks it against the JSON for every price.
 */
public final class CompactPriceList {

  /** The compact list shipped in this module, beside the JSON it is made from. */
  public static final String CLASSPATH_RESOURCE = "/pricing/model_prices.bin";

  private static final int MAGIC = 0x544c5031; // "TLP1"

  private CompactPriceList() {}

  /** Writes the shipped JSON's prices (effective from the epoch) to {@code args[0]} (the build's step). */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CompactPriceList <output file>");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream o = Files.newOutputStream(out)) {
      write(new LiteLlmSnapshot().loadShipped(Instant.EPOCH), o);
    }
  }

  /** The shipped compact list with every price in force from {@code effectiveFrom}. */
  public static List<ModelPrice> loadShipped(Instant effectiveFrom) {
    return ShippedResource.read(CLASSPATH_RESOURCE, "price list", in -> read(in, effectiveFrom));
  }

  /** Writes {@code prices} (their {@code effectiveFrom} is not kept). */
  public static void write(List<ModelPrice> prices, OutputStream target) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
    out.writeInt(MAGIC);
    out.writeInt(prices.size());
    for (ModelPrice p : prices) {
      out.writeUTF(p.getProvider());
      out.writeUTF(p.getModel());
      out.writeUTF(p.getVersion());
      out.writeByte(p.getSource().ordinal());
      decimal(out, Objects.requireNonNull(p.getInputPerToken(), "inputPerToken"));
      decimal(out, Objects.requireNonNull(p.getOutputPerToken(), "outputPerToken"));
      nullable(out, p.getCacheWrite5mPerToken());
      nullable(out, p.getCacheWrite1hPerToken());
      nullable(out, p.getCacheReadPerToken());
      out.writeBoolean(p.getTierThresholdTokens() != null);
      if (p.getTierThresholdTokens() != null) {
        out.writeLong(p.getTierThresholdTokens());
      }
      nullable(out, p.getInputAboveTierPerToken());
      nullable(out, p.getOutputAboveTierPerToken());
      nullable(out, p.getCacheWriteAboveTierPerToken());
      nullable(out, p.getCacheReadAboveTierPerToken());
      nullable(out, p.getFastMultiplier());
      nullable(out, p.getPriorityMultiplier());
      out.writeInt(p.getAliases().size());
      for (String alias : p.getAliases()) {
        out.writeUTF(alias);
      }
    }
    out.flush();
  }

  /** Reads what {@link #write} wrote, every price in force from {@code effectiveFrom}. */
  public static List<ModelPrice> read(InputStream source, Instant effectiveFrom) throws IOException {
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    DataInputStream in = new DataInputStream(new BufferedInputStream(source));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a compact price list");
    }
    int count = in.readInt();
    PriceSource[] sources = PriceSource.values();
    List<ModelPrice> prices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String provider = in.readUTF();
      String model = in.readUTF();
      String version = in.readUTF();
      PriceSource priceSource = sources[in.readUnsignedByte()];
      BigDecimal input = decimal(in);
      BigDecimal output = decimal(in);
      BigDecimal cacheWrite5m = nullable(in);
      BigDecimal cacheWrite1h = nullable(in);
      BigDecimal cacheRead = nullable(in);
      Long tier = in.readBoolean() ? in.readLong() : null;
      BigDecimal inputAbove = nullable(in);
      BigDecimal outputAbove = nullable(in);
      BigDecimal cacheWriteAbove = nullable(in);
      BigDecimal cacheReadAbove = nullable(in);
      BigDecimal fast = nullable(in);
      BigDecimal priority = nullable(in);
      int aliasCount = in.readInt();
      List<String> aliases = new ArrayList<>(aliasCount);
      for (int a = 0; a < aliasCount; a++) {
        aliases.add(in.readUTF());
      }
      prices.add(new ModelPrice(provider, model, version, priceSource, effectiveFrom, input, output, cacheWrite5m,
          cacheWrite1h, cacheRead, tier, inputAbove, outputAbove, cacheWriteAbove, cacheReadAbove, fast, priority,
          aliases));
    }
    if (in.read() != -1) {
      throw new IOException("compact price list: bytes after its " + count + " prices");
    }
    return prices;
  }

  private static void decimal(DataOutputStream out, BigDecimal v) throws IOException {
    out.writeUTF(v.toString());
  }

  private static void nullable(DataOutputStream out, BigDecimal v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      decimal(out, v);
    }
  }

  private static BigDecimal decimal(DataInputStream in) throws IOException {
    return new BigDecimal(in.readUTF());
  }

  private static BigDecimal nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? decimal(in) : null;
  }
}
