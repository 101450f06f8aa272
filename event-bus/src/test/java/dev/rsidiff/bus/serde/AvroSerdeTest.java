package dev.rsidiff.bus.serde;

import dev.rsidiff.bus.RandomEvents;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.schemas.SchemaHistory;
import dev.rsidiff.schemas.Topics;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSerdeTest {

    @TestFactory
    @SuppressWarnings({"unchecked", "rawtypes"})
    Stream<DynamicTest> everyEventTypeRoundTrips() {
        return Topics.eventTypes().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            AvroSerde serde = AvroSerde.of((Class) type);
            for (long seed = 1; seed <= 20; seed++) {
                SpecificRecord event = RandomEvents.of((Class) type, seed);
                byte[] bytes = serde.encode(event);
                assertThat(serde.decode(bytes)).isEqualTo(event);
            }
        }));
    }

    /**
     * A message written by a producer on any released schema version decodes with today's classes, and nothing it
     * carried is lost: re-reading the decoded event with the old schema gives back the original record.
     */
    @TestFactory
    @SuppressWarnings({"unchecked", "rawtypes"})
    Stream<DynamicTest> decodesMessagesWrittenWithEveryReleasedSchemaVersion() {
        return SchemaHistory.releasesOfAllEvents().stream().map(r -> DynamicTest.dynamicTest(r.toString(), () -> {
            AvroSerde serde = AvroSerde.of((Class) r.type());
            for (GenericRecord written : RandomEvents.generic(r.released(), 10, 42)) {
                SpecificRecord decoded = (SpecificRecord) serde.decode(RandomEvents.encode(written, r.released()));
                GenericRecord readBack = readAs(r.released(), r.current(), serde.encode(decoded));
                assertThat(readBack).isEqualTo(written);
            }
        }));
    }

    @Test
    void aVersion1ImageEventDecodesWithTheDefaultsOfFieldsAddedLater() {
        Schema v1 = SchemaHistory.versionsOf(ImageGenerated.getClassSchema().getFullName()).get(0);
        assertThat(v1.getField("widthPx")).as("v1 predates the image size fields").isNull();
        GenericRecord written = RandomEvents.generic(v1, 1, 5).get(0);
        ImageGenerated decoded = AvroSerde.of(ImageGenerated.class).decode(RandomEvents.encode(written, v1));
        assertThat(decoded.getImageId()).isEqualTo(written.get("imageId").toString());
        assertThat(decoded.getWidthPx()).isEqualTo(32);
        assertThat(decoded.getHeightPx()).isEqualTo(32);
    }

    @Test
    void garbageIsRejectedWithAnErrorNamingTheType() {
        AvroSerde<ImageGenerated> serde = AvroSerde.of(ImageGenerated.class);
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        assertThatThrownBy(() -> serde.decode(garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ImageGenerated");
        assertThatThrownBy(() -> serde.decode(null))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no value");
    }

    @Test
    void aMessageOfAnotherTypeIsRejected() {
        AvroSerde<ImageGenerated> serde = AvroSerde.of(ImageGenerated.class);
        byte[] otherType = AvroSerde.of(dev.rsidiff.events.run.RoundEvaluated.class)
                .encode(RandomEvents.of(dev.rsidiff.events.run.RoundEvaluated.class, 3));
        assertThatThrownBy(() -> serde.decode(otherType))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ImageGenerated");
    }

    @Test
    void aRecordDeclaringAHugeStringIsRefusedBeforeAllocation() {
        AvroSerde<ImageGenerated> serde = AvroSerde.of(ImageGenerated.class);
        byte[] valid = serde.encode(RandomEvents.of(ImageGenerated.class, 5));
        // The 10-byte single-object header, then the first field (meta.eventId, a string) claiming 1.5 GB.
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        bomb.write(valid, 0, 10);
        long zigzag = 1_500_000_000L << 1;
        while ((zigzag & ~0x7FL) != 0) {
            bomb.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        bomb.write((int) zigzag);
        bomb.writeBytes(new byte[32]);

        assertThatThrownBy(() -> serde.decode(bomb.toByteArray()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ImageGenerated")
                .hasRootCauseInstanceOf(org.apache.avro.SystemLimitException.class);
        assertThatThrownBy(() -> org.apache.avro.SystemLimitException.checkMaxCollectionLength(
                AvroLimits.MAX_COLLECTION_ITEMS + 1L)).isInstanceOf(org.apache.avro.SystemLimitException.class);
    }

    private static GenericRecord readAs(Schema reader, Schema writer, byte[] singleObjectMessage) throws Exception {
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(writer);
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), reader, store);
        return decoder.decode(singleObjectMessage);
    }
}
