package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RollupStateLayoutTest {

  @Test
  void aNewTaskAndStateOfThisLayoutAreAccepted() {
    assertThatCode(() -> RollupStateLayout.check(null, false, "1_0")).doesNotThrowAnyException();
    assertThatCode(() -> RollupStateLayout.check(RollupStateLayout.CURRENT, true, "1_0")).doesNotThrowAnyException();
  }

  @Test
  void stateWithoutALayoutRecordIsTheFirstLayoutAndIsRefusedWithTheResetToRun() {
    assertThatThrownBy(() -> RollupStateLayout.check(null, true, "1_2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("task 1_2")
        .hasMessageContaining("layout 1 (keys without the org id)")
        .hasMessageContaining("kafka-streams-application-reset");
  }

  @Test
  void anotherRecordedLayoutIsRefused() {
    assertThatThrownBy(() -> RollupStateLayout.check(4L, true, "1_0")).hasMessageContaining("written with key layout 4");
  }

  @Test
  void stateOfTheSecondLayoutIsAcceptedForItsSessionMarksToBeMoved() {
    assertThat(RollupStateLayout.check(RollupStateLayout.MIGRATED, true, "1_0")).isTrue();
    assertThat(RollupStateLayout.check(RollupStateLayout.CURRENT, true, "1_0")).isFalse();
    assertThat(RollupStateLayout.check(null, false, "1_0")).isFalse();
  }
}
