package dev.tokenledger.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared reader: defaults, typed values, every error at once, durations. */
class TomlSettingsTest {

  private static final Map<String, Set<String>> KEYS = Map.of("a", Set.of("text", "n", "flag", "wait", "zone"));

  @TempDir
  Path dir;

  @Test
  void readsTypedValuesAndFallsBackToDefaults() throws Exception {
    Path f = dir.resolve("x.toml");
    Files.writeString(f, "[a]\ntext = \"hello\"\nn = 7\nwait = \"35d\"\n");
    TomlSettings t = new TomlSettings(Optional.of(f), KEYS);
    assertThat(t.text("a", "text", "x")).isEqualTo("hello");
    assertThat(t.number("a", "n", 1, 0, 10)).isEqualTo(7);
    assertThat(t.bool("a", "flag", true)).isTrue();
    assertThat(t.duration("a", "wait", Duration.ZERO)).isEqualTo(Duration.ofDays(35));
    ZoneId zone = t.value("a", "zone", "UTC", ZoneId::of, "a zone");
    assertThat(zone).isEqualTo(ZoneId.of("UTC"));
    assertThat(t.baseDir()).isEqualTo(dir.toAbsolutePath());
    t.throwIfErrors();
  }

  @Test
  void collectsEveryErrorBeforeThrowing() throws Exception {
    Path f = dir.resolve("bad.toml");
    Files.writeString(f, "[a]\ntext = 1\nn = 99\nflag = \"yes\"\nwait = \"soon\"\nzone = \"Mars/Olympus\"\ncolour = 2\n[b]\nx = 1\n");
    TomlSettings t = new TomlSettings(Optional.of(f), KEYS);
    t.text("a", "text", "x");
    t.number("a", "n", 1, 0, 10);
    t.bool("a", "flag", true);
    t.duration("a", "wait", Duration.ZERO);
    ZoneId ignored = t.value("a", "zone", "UTC", ZoneId::of, "an IANA zone");
    assertThatThrownBy(t::throwIfErrors).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).hasSize(7)
        .anyMatch(m -> m.contains("a.text")).anyMatch(m -> m.contains("a.n")).anyMatch(m -> m.contains("a.flag"))
        .anyMatch(m -> m.contains("a.wait")).anyMatch(m -> m.contains("a.zone")).anyMatch(m -> m.contains("a.colour"))
        .anyMatch(m -> m.contains("[b]")));
  }

  @Test
  void readsArraysOfStrings() throws Exception {
    Path f = dir.resolve("list.toml");
    Files.writeString(f, "[a]\ntext = [\"x\", \"y\"]\nn = [1]\n");
    TomlSettings t = new TomlSettings(Optional.of(f), KEYS);
    assertThat(t.texts("a", "text", List.of())).containsExactly("x", "y");
    assertThat(t.texts("a", "wait", List.of("d"))).containsExactly("d");
    assertThat(t.texts("a", "n", List.of())).isEmpty();
    assertThatThrownBy(t::throwIfErrors).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
        .containsExactly("a.n: expected an array of strings, got [1]"));
  }

  @Test
  void readsArraysOfTablesByIndexAndChecksTheirKeys() throws Exception {
    Path f = dir.resolve("t.toml");
    Files.writeString(f, "[[ch]]\nname = \"a\"\nn = 3\n[[ch]]\nname = \"b\"\nbogus = 1\n");
    TomlSettings t = new TomlSettings(Optional.of(f), Map.of("ch", Set.of("name", "n")));
    assertThat(t.tables("ch")).isEqualTo(2);
    assertThat(t.tables("none")).isZero();
    assertThat(t.text("ch[0]", "name", null)).isEqualTo("a");
    assertThat(t.number("ch[0]", "n", 1, 0, 10)).isEqualTo(3);
    assertThat(t.text("ch[1]", "name", null)).isEqualTo("b");
    assertThat(t.number("ch[1]", "n", 1, 0, 10)).isEqualTo(1);
    assertThat(t.has("ch[1]", "n")).isFalse();
    assertThatThrownBy(t::throwIfErrors).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key ch[1].bogus");
  }

  @Test
  void durationsAreShortOrIso() {
    assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    assertThat(TomlSettings.envOr(Map.of("X", " "), "X", "d")).isEqualTo("d");
    assertThat(TomlSettings.envOr(Map.of("X", "v"), "X", "d")).isEqualTo("v");
  }
}
