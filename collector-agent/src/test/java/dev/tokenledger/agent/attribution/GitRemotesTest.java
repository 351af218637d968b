package dev.tokenledger.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitRemotesTest {

  @ParameterizedTest
  @CsvSource({
    "git@github.com:acme/widgets.git, github.com/acme/widgets",
    "git@github.com:acme/widgets, github.com/acme/widgets",
    "https://github.com/acme/widgets.git, github.com/acme/widgets",
    "https://github.com/acme/widgets/, github.com/acme/widgets",
    "https://user:s3cret@GitHub.com/acme/widgets.git, github.com/acme/widgets",
    "http://gitlab.example.com:8080/group/sub/proj.git, gitlab.example.com/group/sub/proj",
    "ssh://git@github.com/acme/widgets.git, github.com/acme/widgets",
    "ssh://git@gitlab.example.com:2222/group/proj.git, gitlab.example.com/group/proj",
    "git://github.com/acme/widgets.git, github.com/acme/widgets",
    "git+ssh://git@github.com/acme/widgets.git, github.com/acme/widgets",
    "dev.azure.com:v3/org/proj/repo, dev.azure.com/v3/org/proj/repo",
    "user@host.example.com:~/repos/tool.git, host.example.com/repos/tool",
  })
  void normalisesToHostOwnerRepo(String remote, String expected) {
    assertThat(GitRemotes.normalise(remote)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "/srv/git/widgets.git", "../widgets", "file:///srv/git/widgets.git"})
  void localPathsAreNotRemotes(String remote) {
    assertThat(GitRemotes.normalise(remote)).isEmpty();
  }
}
