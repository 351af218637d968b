package dev.tokenledger.processor.streams;

import dev.tokenledger.processor.rollup.RollupBuckets;
import dev.tokenledger.processor.rollup.RollupStateCodec;
import dev.tokenledger.processor.rollup.SessionMarks;
import dev.tokenledger.processor.rollup.SessionSeen;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the rollup processor's internal stores: the compact binary {@link RollupStateCodec}
 * instead of Avro (no registry look-ups, no schema resolution, a fraction of the encode cost). Only
 * the rollup topic carries Avro.
 */
final class RollupStateSerdes {

  private RollupStateSerdes() {}

  static Serde<RollupBuckets> buckets() {
    return Serdes.serdeFrom((topic, v) -> v == null ? null : RollupStateCodec.encode(v),
        (topic, b) -> b == null ? null : RollupStateCodec.decodeBuckets(b));
  }

  static Serde<SessionMarks> sessions() {
    return Serdes.serdeFrom((topic, v) -> v == null ? null : RollupStateCodec.encode(v),
        (topic, b) -> b == null ? null : RollupStateCodec.decodeSessions(b));
  }

  static Serde<SessionSeen> seen() {
    return Serdes.serdeFrom((topic, v) -> v == null ? null : RollupStateCodec.encode(v),
        (topic, b) -> b == null ? null : RollupStateCodec.decodeSeen(b));
  }
}
