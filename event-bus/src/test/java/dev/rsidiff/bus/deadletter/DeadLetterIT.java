package dev.rsidiff.bus.deadletter;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.RandomEvents;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Garbage bytes and an event whose handler keeps failing both land in the dead-letter topic with headers naming
 * the error and the original position, and the good records after them still reach the listener.
 */
@ExtendWith(LocalStackExtension.class)
class DeadLetterIT {

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndLaterRecordsStillFlow(StackEndpoints stack) throws Exception {
        String tag = UUID.randomUUID().toString();
        Map<String, Object> props = new HashMap<>(stack.asProperties());
        props.put("micronaut.application.name", "dead-letter-test");
        props.put(FlakyListener.ENABLED, "true");
        props.put(FlakyListener.FAIL_RUN_PREFIX_PROPERTY, "fail-" + tag);
        props.put("rsidiff.retry.attempts", "2");
        props.put("rsidiff.retry.delay", "20ms");
        try (ApplicationContext context = ApplicationContext.run(props)) {
            FlakyListener listener = context.getBean(FlakyListener.class);
            String topic = Topics.ROUNDS_EVALUATED.name();

            byte[] garbage = ("not avro " + tag).getBytes(StandardCharsets.UTF_8);
            String garbageKey = "garbage-" + tag;
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", stack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(topic, garbageKey, garbage)).get();
            }
            RoundEvaluated failing = event("fail-" + tag, 1);
            RoundEvaluated faulty = event("poison-fail-" + tag, 4);
            List<RoundEvaluated> good = List.of(event("ok-" + tag, 2), event("ok-" + tag, 3));
            try (EventProducer producer = new EventProducer(new KafkaClientSettings(stack.kafkaBootstrapServers(), "dlt-test"))) {
                TopicWriter<RoundEvaluated> writer = producer.writerFor(Topics.ROUNDS_EVALUATED);
                writer.send(failing);
                writer.send(faulty);
                for (RoundEvaluated e : good) {
                    writer.send(e);
                }
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(listener.handled()).filteredOn(e -> e.getMeta().getRunId().equals("ok-" + tag))
                            .containsExactlyElementsOf(good));
            assertThat(listener.attemptsFor("fail-" + tag)).as("transient: 1 attempt + 2 retries").isEqualTo(3);
            assertThat(listener.attemptsFor("poison-fail-" + tag)).as("the record's fault: no retry").isEqualTo(1);

            Map<String, ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(stack, Topics.ROUNDS_EVALUATED.deadLetterName(),
                    List.of(garbageKey, "fail-" + tag, "poison-fail-" + tag));
            ConsumerRecord<byte[], byte[]> g = dead.get(garbageKey);
            assertThat(g.value()).isEqualTo(garbage);
            assertThat(header(g, DeadLetterHeaders.FAILURE_KIND)).isEqualTo(FailureKind.DESERIALIZATION.name());
            assertThat(header(g, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(header(g, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
            assertThat(header(g, DeadLetterHeaders.ORIGINAL_PARTITION)).matches("\\d+");
            assertThat(header(g, DeadLetterHeaders.ERROR_MESSAGE)).contains("Cannot decode RoundEvaluated");
            assertThat(header(g, DeadLetterHeaders.ROOT_CAUSE)).contains("BadHeaderException");
            assertThat(header(g, DeadLetterHeaders.CONSUMER_GROUP)).isEqualTo(FlakyListener.GROUP);

            assertThat(header(dead.get("poison-fail-" + tag), DeadLetterHeaders.ROOT_CAUSE)).contains(FlakyListener.FAULT_MESSAGE);
            ConsumerRecord<byte[], byte[]> f = dead.get("fail-" + tag);
            assertThat(header(f, DeadLetterHeaders.FAILURE_KIND)).isEqualTo(FailureKind.HANDLER.name());
            assertThat(header(f, DeadLetterHeaders.ROOT_CAUSE)).contains(FlakyListener.FAILURE_MESSAGE);
            assertThat(new dev.rsidiff.bus.serde.AvroSerdeRegistry().getSerde(RoundEvaluated.class)
                    .deserializer().deserialize(topic, f.value())).isEqualTo(failing);
        }
    }

    private static RoundEvaluated event(String runId, long seed) {
        RoundEvaluated e = RandomEvents.of(RoundEvaluated.class, seed);
        e.getMeta().setRunId(runId);
        return e;
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> readDeadLetters(StackEndpoints stack, String dlt,
                                                                               List<String> keys) {
        Map<String, ConsumerRecord<byte[], byte[]>> found = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlt));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (keys.contains(key)) {
                        found.put(key, r);
                    }
                }
                return found.keySet().containsAll(keys);
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return DeadLetterPublisher.header(r.headers(), name);
    }
}
