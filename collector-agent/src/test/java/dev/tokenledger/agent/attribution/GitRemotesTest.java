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
    // credentials in every shape: none survives
    "https://me@corp.com:TOKEN@github.com/o/r, github.com/o/r",
    "https://me@corp.com:TOKEN@github.com:443/o/r.git, github.com/o/r",
    "https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r.git, github.com/o/r",
    "https://oauth2:glpat-SECRET@gitlab.example.com/g/p.git, gitlab.example.com/g/p",
    "https://user:p@ss:w@rd@bitbucket.org/team/repo.git, bitbucket.org/team/repo",
    "https://TOKEN@github.com/o/r, github.com/o/r",
    "https://user%40corp.com:TOKEN@github.com/o/r, github.com/o/r",
    "http://user:pw@10.0.0.5:8080/o/r, 10.0.0.5/o/r",
    "ssh://git:SECRET@github.com:22/o/r.git, github.com/o/r",
    "git+https://u:SECRET@host.example.com/o/r, host.example.com/o/r",
    "https://github.com/o/r.git?access_token=SECRET, github.com/o/r",
    "https://github.com/o/r#token=SECRET, github.com/o/r",
    "https://u:SECRET@github.com/o/r?x=1#frag, github.com/o/r",
    "me@corp.com:TOKEN@github.com:o/r.git, github.com/o/r",
    "git@github.com:o/r.git?token=SECRET, github.com/o/r",
    "https://org@dev.azure.com/org/project/_git/repo, dev.azure.com/org/project/_git/repo",
    "git@ssh.dev.azure.com:v3/org/project/repo, ssh.dev.azure.com/v3/org/project/repo",
    "https://[::1]:8443/o/r.git, [::1]/o/r",
  })
  void normalisesToHostOwnerRepo(String remote, String expected) {
    assertThat(GitRemotes.normalise(remote)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "/srv/git/widgets.git", "../widgets", "file:///srv/git/widgets.git",
      "FILE:///srv/x.git", "C:\\repos\\x.git", "C:/repos/x.git", "~/repos/x.git", "\\\\server\\share\\x.git"})
  void localPathsAreNotRemotes(String remote) {
    assertThat(GitRemotes.normalise(remote)).isEmpty();
  }

  /** Shapes that cannot be read as host and path give no remote (the project falls back to a hash), never a credential. */
  @ParameterizedTest
  @ValueSource(strings = {"https://u:SECRET@/o/r", "https://host/o/r@SECRET", "host:o/r:SECRET", "https://ho st/o/r",
      "https://u:SECRET@host", "https://", "u:SECRET@", "git@host:o/r@SECRET"})
  void unreadableShapesGiveNothingRatherThanACredential(String remote) {
    assertThat(GitRemotes.normalise(remote)).isEmpty();
  }
}
