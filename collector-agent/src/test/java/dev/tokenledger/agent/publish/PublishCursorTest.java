package dev.tokenledger.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.publish.PublishCursor.Kind;
import org.junit.jupiter.api.Test;

class PublishCursorTest {

  static final String EPOCH = "6f1c1e0a-0000-4000-8000-000000000001";
  static final String OTHER = "6f1c1e0a-0000-4000-8000-000000000002";

  @Test
  void noCursorLeavesTheLocalAcknowledgementInCharge() {
    assertThat(PublishCursor.interpret(null, null, EPOCH, false, 7, 10).kind()).isEqualTo(Kind.NONE);
  }

  @Test
  void aCursorOfThisEpochAheadOfTheLocalAckIsAdopted() {
    PublishCursor c = PublishCursor.interpret(9L, PublishCursor.metadata(EPOCH), EPOCH, false, 7, 10);
    assertThat(c.kind()).isEqualTo(Kind.ACK);
    assertThat(c.ackUpTo()).isEqualTo(9);
    assertThat(PublishCursor.interpret(10L, PublishCursor.metadata(EPOCH), EPOCH, false, 7, 10).ackUpTo()).isEqualTo(10);
  }

  @Test
  void aCursorOfThisEpochAtOrBehindTheLocalAckChangesNothing() {
    assertThat(PublishCursor.interpret(7L, PublishCursor.metadata(EPOCH), EPOCH, false, 7, 10).kind())
        .isEqualTo(Kind.BEHIND);
    assertThat(PublishCursor.interpret(3L, PublishCursor.metadata(EPOCH), EPOCH, false, 7, 10).kind())
        .isEqualTo(Kind.BEHIND);
  }

  @Test
  void aCursorOfAnotherEpochIsIgnoredEvenWhenItWouldCoverNewEvents() {
    // the spool was recreated: its sequences restarted at 1, the old cursor says 500
    PublishCursor c = PublishCursor.interpret(500L, PublishCursor.metadata(OTHER), EPOCH, false, 0, 40);
    assertThat(c.kind()).isEqualTo(Kind.FOREIGN);
    assertThat(c.message()).contains("sequence 500").contains(OTHER).contains(EPOCH);
  }

  @Test
  void anUnversionedCursorBelongsOnlyToASpoolFromBeforeEpochs() {
    assertThat(PublishCursor.interpret(9L, PublishCursor.UNVERSIONED, EPOCH, false, 7, 10).kind())
        .as("a new spool").isEqualTo(Kind.FOREIGN);
    assertThat(PublishCursor.interpret(9L, PublishCursor.UNVERSIONED, EPOCH, true, 7, 10).kind())
        .as("the upgraded spool that wrote it").isEqualTo(Kind.ACK);
    assertThat(PublishCursor.interpret(9L, "", EPOCH, true, 7, 10).kind()).isEqualTo(Kind.FOREIGN);
    assertThat(PublishCursor.interpret(9L, null, EPOCH, false, 7, 10).kind()).isEqualTo(Kind.FOREIGN);
  }

  @Test
  void aCursorOfThisEpochBeyondTheDurableRecordsStopsPublishing() {
    PublishCursor c = PublishCursor.interpret(11L, PublishCursor.metadata(EPOCH), EPOCH, false, 7, 10);
    assertThat(c.kind()).isEqualTo(Kind.AHEAD);
    assertThat(c.message()).contains("sequence 11").contains("up to 10");
    assertThat(PublishCursor.interpret(11L, PublishCursor.UNVERSIONED, EPOCH, true, 0, 10).kind()).isEqualTo(Kind.AHEAD);
  }
}
