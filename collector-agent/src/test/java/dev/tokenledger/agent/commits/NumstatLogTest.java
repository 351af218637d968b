package dev.tokenledger.agent.commits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NumstatLogTest {

  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c".repeat(40);

  @Test
  void sumsTheLinesOfTheAuthorsCommitsAndKeepsNoPath() {
    String log = "\u001e" + A + "\u001f1764000000\u001fMe@Example.com\n\n10\t2\tsrc/Main.java\n-\t-\tlogo.png\n3\t0\tREADME.md\n"
        + "\u001e" + B + "\u001f1764000100\u001fsomeone@else.com\n\n99\t99\tx\n"
        + "\u001e" + C + "\u001f1764000200\u001fme@example.com\n"
        + "\u001enot-a-hash\u001f1\u001fme@example.com\n\n1\t1\tx\n";
    assertThat(NumstatLog.parse(log, "me@example.com")).containsExactly(
        new SeenCommit(A, Instant.ofEpochSecond(1764000000), 13, 2, 3),
        new SeenCommit(C, Instant.ofEpochSecond(1764000200), 0, 0, 0));
    assertThat(NumstatLog.parse(log, "me@example.com").toString()).doesNotContain("Main.java", "README");
  }
}
