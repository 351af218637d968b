package dev.tokenledger.agent.commits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the output of {@code git log --numstat --format=%x1e%H%x1f%ct%x1f%ae} into {@link SeenCommit}s
 * of one author: a record separator (0x1e) starts each commit, then hash, committer time (epoch
 * seconds) and author e-mail separated by 0x1f, then one {@code added<TAB>removed<TAB>path} line per file
 * ({@code -} for binary files). Paths are skipped, never kept. Commits of other authors (compared by
 * e-mail, ignoring case) and malformed records are dropped.
 */
final class NumstatLog {

  private NumstatLog() {}

  static List<SeenCommit> parse(String output, String authorEmail) {
    List<SeenCommit> out = new ArrayList<>();
    String author = authorEmail.strip().toLowerCase(Locale.ROOT);
    for (String record : output.split("\u001e")) {
      if (record.isBlank()) {
        continue;
      }
      String[] lines = record.split("\n");
      String[] head = lines[0].split("\u001f", -1);
      if (head.length != 3 || !head[2].strip().toLowerCase(Locale.ROOT).equals(author)) {
        continue;
      }
      long added = 0;
      long removed = 0;
      int files = 0;
      try {
        for (int i = 1; i < lines.length; i++) {
          String[] stat = lines[i].split("\t", 3);
          if (stat.length < 3) {
            continue;
          }
          files++;
          added += stat[0].equals("-") ? 0 : Long.parseLong(stat[0]);
          removed += stat[1].equals("-") ? 0 : Long.parseLong(stat[1]);
        }
        out.add(new SeenCommit(head[0].strip(), Instant.ofEpochSecond(Long.parseLong(head[1].strip())), added, removed, files));
      } catch (IllegalArgumentException e) {
        // a record we do not understand is not a commit we report
      }
    }
    return out;
  }
}
