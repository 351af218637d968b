package dev.tokenledger.schemas.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Writes a generic record in the Confluent wire format, as a producer with another schema would. */
final class WireFormatWriter {

  private WireFormatWriter() {}

  static byte[] write(int schemaId, Schema schema, GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      GenericData model = new GenericData();
      model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
      model.addLogicalTypeConversion(new Conversions.DecimalConversion());
      new GenericDatumWriter<GenericRecord>(schema, model).write(record, enc);
      enc.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
