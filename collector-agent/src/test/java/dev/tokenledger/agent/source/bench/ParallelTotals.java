package dev.tokenledger.agent.source.bench;

import dev.tokenledger.agent.source.ParallelReads;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import dev.tokenledger.events.TokenCounts;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The read path of an offline daily summary, for {@code ./bench agent-ccusage}'s projection (figures,
 * not a product command): every Claude Code file under {@code CORPUS/projects} read with
 * {@link ParallelReads}, first copy of each dedup key kept, tokens summed per day and model; prints
 * one line per day and the total as ccusage counts it (input + output + cache writes + cache reads).
 * Pricing is not included.
 *
 * <p>{@code ParallelTotals CORPUS [threads]}
 */
public final class ParallelTotals {

  private ParallelTotals() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : ParallelReads.defaultThreads();
    Set<String> seen = new HashSet<>();
    Map<String, long[]> byDay = new TreeMap<>();
    long[] problems = new long[1];
    ParallelReads.readAll(List.of(new ClaudeCodeSource()),
        new SourceEnvironment(Map.of("CLAUDE_CONFIG_DIR", corpus.toString()), corpus), threads, new ParseSink() {
          @Override
          public void usage(ParsedUsage u) {
            if (!seen.add(u.dedupKey())) {
              return;
            }
            TokenCounts t = u.tokens();
            long[] sums = byDay.computeIfAbsent(u.eventTime().atOffset(ZoneOffset.UTC).toLocalDate() + " " + u.model(),
                k -> new long[5]);
            sums[0] += t.getInput();
            sums[1] += t.getOutput();
            sums[2] += t.getCacheWrite5m() + t.getCacheWrite1h();
            sums[3] += t.getCacheRead();
            sums[4]++;
          }

          @Override
          public void problem(ParseProblem problem) {
            problems[0]++;
          }
        });
    StringBuilder out = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, long[]> e : byDay.entrySet()) {
      long[] s = e.getValue();
      out.append(e.getKey()).append(" requests ").append(s[4]).append(" input ").append(s[0]).append(" output ")
          .append(s[1]).append(" cache-writes ").append(s[2]).append(" cache-reads ").append(s[3]).append('\n');
      total += s[0] + s[1] + s[2] + s[3];
    }
    out.append("requests ").append(seen.size()).append(", problems ").append(problems[0]).append(", tokens: total ")
        .append(total).append('\n');
    System.out.print(out);
  }
}
