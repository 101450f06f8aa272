package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole loop: the five services as processes on a real broker and S3 server, a two-round run with tiny
 * settings, and a poison record in the middle of it.
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
class LoopEndToEndIT {

    @Test
    void twoRoundsRunThroughAllFiveServices(StackEndpoints stack, ServiceLogs logs) throws Exception {
        RunConfig config = LoopFixture.config(6, 2, 5, 2);
        try (ServiceFleet fleet = LoopFixture.fleet(stack, logs); BlobStore blobs = LoopFixture.blobs(stack)) {
            fleet.startAll(Duration.ofMinutes(2));
            String poisonKey = "poison-" + UUID.randomUUID();
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                    stack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(Topics.IMAGES_GENERATED.name(), poisonKey,
                        "not an event".getBytes(StandardCharsets.UTF_8))).get();
            }

            RunProgress progress = new RunDriver(stack.kafkaBootstrapServers(), new PrintWriter(System.out, true))
                    .startAndFollow(config, Duration.ofMinutes(3));

            LoopChecks.roundsComplete(progress, config, blobs);
            // Without crashes, every event was written exactly once: 2 rounds of 6 prompts x 2 images, top 5.
            assertThat(progress.eventsPerTopic()).containsExactlyInAnyOrderEntriesOf(LoopChecks.cleanRunEvents(config));
            assertThat(progress.eventsPerTopic()).containsEntry(Topics.IMAGES_GENERATED.name(), 24)
                    .containsEntry(Topics.WEIGHTS_ASSIGNED.name(), 10);
            assertThat(deadLetterKeys(stack, Topics.IMAGES_GENERATED.deadLetterName())).contains(poisonKey);
        }
    }

    private static List<String> deadLetterKeys(StackEndpoints stack, String topic) {
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            AtomicBoolean any = new AtomicBoolean();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    keys.add(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8));
                    any.set(true);
                });
                return any.get();
            });
        }
        return keys;
    }
}
