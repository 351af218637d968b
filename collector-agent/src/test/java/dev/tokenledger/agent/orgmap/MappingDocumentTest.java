package dev.tokenledger.agent.orgmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.agent.attribution.OrgAssignments.Assignment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Rule matching and the strict reading of mapping documents (ADR 0144). */
class MappingDocumentTest {

  static final String EXAMPLE = """
      {"version": 1,
       "note": "owned by platform-finance",
       "rules": [
         {"email": "*@example.com", "team": "engineering", "cost_centre": "CC-1000"},
         {"email": "ada@example.com", "team": "platform", "note": "never reached for team: the rule above matches first"},
         {"email": "*@payments.example.com", "team": "payments", "cost_centre": "CC-1200"},
         {"remote": "github.com/acme/ledger-*", "team": "ledger"},
         {"remote": "git@github.com:acme/billing.git", "team": "billing", "cost_centre": "CC-3000"},
         {"remote": "gitlab.example.com/finance/**", "cost_centre": "CC-9000"},
         {"remote": "github.com/acme/shared", "email": "*@payments.example.com", "cost_centre": "CC-1201"}
       ]}
      """;

  static OrgMapping parse(String text) throws MappingException {
    return MappingDocument.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEmailRuleGivesAPersonsDefaultsFirstMatchingRuleWinningPerField() throws Exception {
    OrgMapping m = parse(EXAMPLE);
    assertThat(m.ruleCount()).isEqualTo(7);
    assertThat(m.format()).isEqualTo("json");
    Assignment bob = m.assign("bob@example.com", null);
    assertThat(bob).isEqualTo(new Assignment("engineering", "rules[0] (email *@example.com)", "CC-1000",
        "rules[0] (email *@example.com)"));
    assertThat(m.assign("ada@example.com", null).team()).as("document order decides between e-mail rules")
        .isEqualTo("engineering");
    assertThat(m.assign("Carol@Payments.Example.com", null)).as("e-mails match without regard to case")
        .extracting(Assignment::team, Assignment::costCentre).containsExactly("payments", "CC-1200");
    assertThat(m.assign("eve@other.test", null)).isEqualTo(Assignment.NONE);
    assertThat(m.assign(null, null)).isEqualTo(Assignment.NONE);
  }

  @Test
  void aRepositorysRuleWinsOverThePersonsForItsEventsFieldByField() throws Exception {
    OrgMapping m = parse(EXAMPLE);
    Assignment ledger = m.assign("carol@payments.example.com", "github.com/acme/ledger-core");
    assertThat(ledger.team()).isEqualTo("ledger");
    assertThat(ledger.teamRule()).isEqualTo("rules[3] (remote github.com/acme/ledger-*)");
    assertThat(ledger.costCentre()).as("the repository's rule gives no cost centre: the person's applies")
        .isEqualTo("CC-1200");
    assertThat(ledger.costCentreRule()).startsWith("rules[2]");
    assertThat(m.assign("bob@example.com", "github.com/acme/billing"))
        .extracting(Assignment::team, Assignment::costCentre).containsExactly("billing", "CC-3000");
    assertThat(m.assign(null, "github.com/acme/billing").team()).as("no e-mail needed for a remote rule")
        .isEqualTo("billing");
  }

  @Test
  void aSingleStarStaysInsideOnePathSegmentAndADoubleStarCrossesThem() throws Exception {
    OrgMapping m = parse(EXAMPLE);
    assertThat(m.assign(null, "github.com/acme/ledger-core/sub").team()).isNull();
    assertThat(m.assign(null, "gitlab.example.com/finance/tools/close").costCentre()).isEqualTo("CC-9000");
    assertThat(m.assign(null, "GitHub.com/ACME/Billing").team()).isEqualTo("billing");
  }

  @Test
  void aRuleWithRemoteAndEmailNeedsBoth() throws Exception {
    OrgMapping m = parse(EXAMPLE);
    assertThat(m.assign("carol@payments.example.com", "github.com/acme/shared").costCentre()).isEqualTo("CC-1201");
    assertThat(m.assign("bob@example.com", "github.com/acme/shared").costCentre()).isEqualTo("CC-1000");
  }

  @Test
  void anEmptyRuleListAssignsNothing() throws Exception {
    assertThat(parse("{\"version\": 1, \"rules\": []}").assign("a@b.c", "github.com/a/b")).isEqualTo(Assignment.NONE);
  }

  @Test
  void everyProblemOfABadJsonDocumentIsNamedByItsRule() {
    assertThatThrownBy(() -> parse("""
        {"version": 1, "owner": "x", "rules": [
          {"email": "ada@example.com", "team": "platform"},
          {"email": "ada@example.com", "team": "platform", "cost_center": "CC-1"},
          {"remote": "/home/ada/repo", "team": "x"},
          {"email": "not an address", "team": "x"},
          {"email": "a@b.c"},
          {"team": "x"},
          {"email": "a@b.c", "team": ""},
          {"email": "a@b.c", "team": 7},
          "text"
        ]}
        """)).isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.problems()).containsExactly(
        "unknown field 'owner' (allowed: version, rules, note)",
        "rules[1]: unknown field 'cost_center' (allowed: email, remote, team, cost_centre, note)",
        "rules[2]: remote '/home/ada/repo' is not a git remote (write host/owner/repo, e.g. github.com/acme/*)",
        "rules[3]: email 'not an address' is neither an address nor a pattern such as *@payments.example.com",
        "rules[4]: assigns nothing (give \"team\", \"cost_centre\" or both)",
        "rules[5]: matches nothing (give \"email\", \"remote\" or both)",
        "rules[6]: \"team\" is empty (leave the field out instead)",
        "rules[6]: assigns nothing (give \"team\", \"cost_centre\" or both)",
        "rules[7]: \"team\" must be a string, was 7",
        "rules[7]: assigns nothing (give \"team\", \"cost_centre\" or both)",
        "rules[8]: must be an object, was STRING"));
  }

  @Test
  void theVersionIsCheckedAndBrokenJsonNamesItsLine() {
    assertThatThrownBy(() -> parse("{\"version\": 2, \"rules\": []}")).isInstanceOfSatisfying(MappingException.class,
        e -> assertThat(e.problems()).containsExactly("\"version\" must be 1 (this agent reads version 1), was 2"));
    assertThatThrownBy(() -> parse("{\"version\": 1,\n \"rules\": [\n {\"email\": \"a@b.c\",, }]}"))
        .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getMessage()).startsWith("not valid JSON: line 3"));
    assertThatThrownBy(() -> parse("{\"version\": 1, \"rules\": [{\"email\": \"a@b.c\", \"team\": \"x\", \"team\": \"y\"}]}"))
        .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getMessage()).contains("Duplicate field 'team'"));
    assertThatThrownBy(() -> parse("  ")).hasMessage("the mapping is empty");
  }

  @Test
  void aCsvSheetHasTheSameRules() throws Exception {
    OrgMapping m = parse("""
        # kept by finance; exported from the sheet "chargeback"
        match,pattern,team,cost_centre
        remote,github.com/acme/ledger-*,ledger,
        email,*@payments.example.com,payments,"CC-1200"
        email,"ada@example.com","platform, core",CC-7
        """);
    assertThat(m.format()).isEqualTo("csv");
    assertThat(m.ruleCount()).isEqualTo(3);
    Assignment a = m.assign("carol@payments.example.com", "github.com/acme/ledger-core");
    assertThat(a).isEqualTo(new Assignment("ledger", "line 3 (remote github.com/acme/ledger-*)", "CC-1200",
        "line 4 (email *@payments.example.com)"));
    assertThat(m.assign("ada@example.com", null).team()).isEqualTo("platform, core");
  }

  @Test
  void everyProblemOfACsvSheetIsNamedByItsLine() {
    assertThatThrownBy(() -> parse("""
        match,pattern,team,cost_centre
        person,ada@example.com,platform,
        email,ada@example.com,platform
        email,,platform,
        email,"ada@example.com,platform,
        email,ada@example.com,,
        """)).isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.problems()).containsExactly(
        "line 2: match must be 'email' or 'remote', was 'person'",
        "line 3: expected 4 cells (match,pattern,team,cost_centre), found 3",
        "line 4: the pattern is empty",
        "line 5: unbalanced double quote",
        "line 6: assigns nothing (give \"team\", \"cost_centre\" or both)"));
    assertThatThrownBy(() -> parse("email,a@b.c,x,y\n")).isInstanceOfSatisfying(MappingException.class,
        e -> assertThat(e.problems()).singleElement().asString().startsWith("line 1: the first line must be the header"));
  }
}
