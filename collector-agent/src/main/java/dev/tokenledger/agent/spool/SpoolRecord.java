package dev.tokenledger.agent.spool;

import java.util.UUID;

/**
 * One spooled event.
 *
 * @param seq position in the spool (1, 2, 3, ... for the life of the state directory)
 * @param spooledAtMillis when it was spooled
 * @param eventId the event id
 * @param payload the event, Avro binary (no wire-format header)
 * @param format the format the payload was written in (the writer schema; see {@link Spool#open(java.nio.file.Path, long, String)})
 */
public record SpoolRecord(long seq, long spooledAtMillis, UUID eventId, byte[] payload, String format) {}
