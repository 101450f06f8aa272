package dev.rsidiff.bus;

import dev.rsidiff.bus.serde.AvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Test data: events of any type filled with Avro's seeded random data, for any schema version. */
public final class RandomEvents {

    private RandomEvents() {
    }

    /** Random records of {@code schema} (generic, as an old producer would have written them). */
    public static List<GenericRecord> generic(Schema schema, int count, long seed) {
        List<GenericRecord> out = new ArrayList<>();
        for (Object o : new RandomData(GenericData.get(), schema, count, seed)) {
            out.add((GenericRecord) o);
        }
        return out;
    }

    /** The single-object message an old producer using {@code schema} would have written. */
    public static byte[] encode(GenericRecord record, Schema schema) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random instance of a generated event class. */
    public static <T extends SpecificRecord> T of(Class<T> type, long seed) {
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        GenericRecord generic = generic(schema, 1, seed).get(0);
        return AvroSerde.of(type).decode(encode(generic, schema));
    }
}
