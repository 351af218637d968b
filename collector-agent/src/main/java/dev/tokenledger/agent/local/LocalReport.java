package dev.tokenledger.agent.local;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.validation.UsageValidator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A report read from this machine's logs and priced here: its rows (days, months or sessions) with each
 * model's tokens and cost, what the read found, and which price list priced it.
 */
public record LocalReport(LocalPeriod period, ZoneId zone, String priceList, List<UsageTally.Row> rows,
    LocalReader.Outcome read, long refused) {

  /** What to report on: the rows, the local days (either bound may be null: open) and their zone. */
  public record Request(LocalPeriod period, ZoneId zone, LocalDate since, LocalDate until) {
    public Request {
      if (since != null && until != null && until.isBefore(since)) {
        throw new IllegalArgumentException("--since (" + since + ") is after --until (" + until + ")");
      }
    }
  }

  /** Reads every log once with {@code threads} parsing threads and tallies the requests of {@code request}. */
  public static LocalReport build(Request request, OfflinePrices.Loaded prices, List<UsageSource> sources,
      SourceEnvironment environment, UsageValidator validator, int threads) throws IOException {
    UsageTally tally = new UsageTally(request.period(), request.zone(), request.since(), request.until(),
        new LocalPricing(prices.books()));
    LocalReader.Outcome read = new LocalReader(sources, environment, validator, threads).read(tally);
    return new LocalReport(request.period(), request.zone(), prices.description(), tally.rows(), read, tally.refused());
  }

  /** The same tally over requests given directly (tests, and the proof that grouping prices like the stream processor). */
  static LocalReport of(Request request, OfflinePrices.Loaded prices, Iterable<ParsedUsage> usages) {
    UsageTally tally = new UsageTally(request.period(), request.zone(), request.since(), request.until(),
        new LocalPricing(prices.books()));
    long n = 0;
    for (ParsedUsage u : usages) {
      tally.accept(u);
      n++;
    }
    return new LocalReport(request.period(), request.zone(), prices.description(), tally.rows(),
        new LocalReader.Outcome(0, n, 0, 0, 0), tally.refused());
  }

  /** The lines for stderr about what was not counted (problems, responses held back, refused amounts); none when all was. */
  public static final class Notes {
    private Notes() {}

    public static List<String> of(LocalReport r) {
      List<String> out = new java.util.ArrayList<>();
      if (r.read().problems() > 0) {
        out.add(r.read().problems() + " log records or files could not be used (see `agent backfill --dry-run` for details)");
      }
      if (r.read().heldBack() > 0) {
        out.add(r.read().heldBack() + " responses still being written were not counted yet");
      }
      if (r.refused() > 0) {
        out.add(r.refused() + " requests were left out: their amounts are past what one request may cost");
      }
      return out;
    }
  }
}
