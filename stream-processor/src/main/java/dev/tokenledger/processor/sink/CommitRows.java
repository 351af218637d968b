package dev.tokenledger.processor.sink;

import static dev.tokenledger.warehouse.SessionCommitsTable.COMMIT_TIME;
import static dev.tokenledger.warehouse.SessionCommitsTable.FILES_CHANGED;
import static dev.tokenledger.warehouse.SessionCommitsTable.KAFKA_OFFSET;
import static dev.tokenledger.warehouse.SessionCommitsTable.KAFKA_PARTITION;
import static dev.tokenledger.warehouse.SessionCommitsTable.LINES_ADDED;
import static dev.tokenledger.warehouse.SessionCommitsTable.LINES_REMOVED;
import static dev.tokenledger.warehouse.SessionCommitsTable.OBSERVED_TIME;
import static dev.tokenledger.warehouse.SessionCommitsTable.VERSION;

import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.warehouse.SessionCommitsTable;
import dev.tokenledger.warehouse.Table;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;

/**
 * Writes a {@link SessionCommit} as a {@code session_commits} row (RowBinary, ADR 0305 / 0620). The
 * version is the observation time: of two reports of one commit (two sessions, a re-publication) the
 * later one is the row {@code FINAL} keeps.
 */
public final class CommitRows {

  /** The table written (the catalogue's): {@link #write} writes its columns in their order. */
  public static final Table TABLE = SessionCommitsTable.TABLE;
  public static final String INSERT = TABLE.insertRowBinary();

  /**
   * Appends the row of {@code c} to {@code out} in the order of the columns of {@link #TABLE}. A value its column cannot
   * hold throws with the commit and column named, and {@code out} is left as it was.
   */
  public void write(SessionCommit c, String topic, int partition, long offset, RowBinaryWriter out)
      throws UnwritableRecordException {
    if (c.getCommitHash() == null || !c.getCommitHash().matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      throw new UnwritableRecordException("commit " + c.getCommitId() + ": not a commit hash: " + c.getCommitHash());
    }
    if (c.getOrgId().isEmpty() || c.getProjectId().isEmpty() || c.getSessionId().isEmpty()) {
      throw new UnwritableRecordException("commit " + c.getCommitId() + ": organisation, project and session are required");
    }
    int mark = out.size();
    try {
      out.string(c.getOrgId())
          .string(c.getProjectId())
          .string(c.getCommitHash())
          .string(c.getSessionId())
          .string(c.getUserId())
          .string(c.getTeam() == null ? "" : c.getTeam())
          .string(c.getBranch() == null ? "" : c.getBranch())
          .string(c.getSource().name())
          .dateTime(COMMIT_TIME, c.getCommitTime())
          .uint32(LINES_ADDED, c.getLinesAdded())
          .uint32(LINES_REMOVED, c.getLinesRemoved())
          .uint32(FILES_CHANGED, c.getFilesChanged())
          .dateTime(OBSERVED_TIME, c.getObservedTime())
          .uint64(VERSION, c.getObservedTime().toEpochMilli())
          .string(topic)
          .uint32(KAFKA_PARTITION, partition)
          .uint64(KAFKA_OFFSET, offset);
    } catch (UnwritableRecordException ex) {
      out.truncate(mark);
      throw new UnwritableRecordException("commit " + c.getCommitId() + ": " + ex.getMessage());
    } catch (RuntimeException ex) {
      out.truncate(mark);
      throw ex;
    }
  }
}
