package dev.rsidiff.bus.write;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.RandomEvents;
import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event type goes through the real broker with the Avro serde and comes back equal. */
@ExtendWith(LocalStackExtension.class)
class EventRoundTripIT {

    @TestFactory
    Stream<DynamicTest> everyEventTypeRoundTripsThroughTheBroker(StackEndpoints stack) {
        return Topics.all().stream().map(topic -> DynamicTest.dynamicTest(topic.name(), () -> roundTrip(stack, topic)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <V extends SpecificRecord> void roundTrip(StackEndpoints stack, Topic<String, ?> raw) {
        Topic<String, V> topic = (Topic<String, V>) raw;
        V event = RandomEvents.of(topic.valueType(), topic.name().hashCode());
        String key = topic.keyFor(event);
        try (EventProducer producer = new EventProducer(new KafkaClientSettings(stack.kafkaBootstrapServers(), "round-trip"))) {
            producer.writerFor(topic).send(event);
        }
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), AvroSerde.of(topic.valueType()).deserializer())) {
            consumer.subscribe(java.util.List.of(topic.name()));
            Instant deadline = Instant.now().plusSeconds(30);
            V received = null;
            while (received == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key()) && event.equals(r.value())) {
                        received = r.value();
                    }
                }
            }
            assertThat(received).as("event read back from %s under the key its topic defines", topic.name()).isEqualTo(event);
        }
    }
}
