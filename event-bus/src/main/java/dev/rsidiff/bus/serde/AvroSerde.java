package dev.rsidiff.bus.serde;

import dev.rsidiff.schemas.SchemaHistory;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Kafka serde for one Avro event type using Avro single-object encoding: each message carries the 64-bit
 * fingerprint of its writer schema, so no schema registry is needed. Every released version of the type's schema
 * (the schema history) is known to the decoder, so messages written by older producers still decode.
 *
 * <p>Declared sizes are bounded ({@link AvroLimits}): a record that claims a huge string or collection is refused
 * as undecodable before anything of that size is allocated.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 *
 * @param <T> the event type
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Class<T> type) {
        AvroTrust.trustEventPackages();
        AvroLimits.apply();
        this.type = type;
        // getForClass, not SpecificData.get(): the class's own model knows its logical-type conversions.
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        SchemaStore.Cache history = new SchemaStore.Cache();
        SchemaHistory.versionsOf(schema.getFullName()).forEach(history::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, history);
    }

    /** A serde for {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type);
    }

    public Class<T> type() {
        return type;
    }

    /** Encodes an event as a single-object Avro message. */
    public byte[] encode(T event) {
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | NullPointerException e) {
            throw new SerializationException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a single-object Avro message written with the current or any released schema version. */
    public T decode(byte[] message) {
        if (message == null) {
            throw new SerializationException("Cannot decode " + type.getSimpleName() + ": the record has no value");
        }
        try {
            return decoder.decode(message);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new SerializationException("Cannot decode " + type.getSimpleName() + " from " + message.length
                    + " bytes: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }
}
