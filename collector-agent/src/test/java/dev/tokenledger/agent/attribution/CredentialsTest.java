package dev.tokenledger.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "pushed to https://me:ghp_abc@github.com/o/r today | pushed to https://github.com/o/r today",
    "https://me@corp.com:TOKEN@github.com/o/r          | https://github.com/o/r",
    "see https://host/x?access_token=SECRET&y=1 ok     | see https://host/x ok",
    "https://host/x#token=SECRET                       | https://host/x",
    "token=SECRET, then password: hunter2 and api_key=K | token=[redacted], then password: [redacted] and api_key=[redacted]",
    "Authorization: Bearer abcdefghijklmnop            | Authorization: Bearer [redacted]",
    "key ghp_abcdefghijklmnopqrstuvwxyz012345 here     | key [redacted] here",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnop   | [redacted]",
    "sk-proj-abcdefghijklmnopqrstuvwx                  | [redacted]",
    "AKIAABCDEFGHIJKLMNOP                              | [redacted]",
    "xoxb-1234567890-abcdefghij                        | [redacted]",
    "glpat-abcdefghijklmnopqrstu                       | [redacted]",
  })
  void credentialsAreRemoved(String text, String expected) {
    assertThat(Credentials.scrub(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature/x-1", "main", "claude-opus-4-6", "Built TokenTracker v1.0", "task-1234567890123456789012",
      "msg_01ABCDEFGHIJKLMNOPQRSTUV", "req_011CSomething", "/home/dev/repo", "general-purpose", "mcp__github__create_issue",
      "high throughput", "0123abc", "2.1.39", "ssh keys were rotated"})
  void ordinaryValuesAreLeftAlone(String text) {
    assertThat(Credentials.scrub(text)).isSameAs(text).isEqualTo(text);
  }
}
