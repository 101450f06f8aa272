package dev.rsidiff.control;

import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.deadletter.DeadLetterHeaders;
import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.protocol.config.RunSampling;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code rsi dlt}: dead letters are listed with their reason and replayed to their topic, each once. */
@ExtendWith(LocalStackExtension.class)
class DeadLettersIT {

    @Test
    void aDeadLetterIsListedWithItsReasonAndReplayedOnce(StackEndpoints stack) throws Exception {
        String key = "key-" + UUID.randomUUID();
        byte[] value = ("bytes of " + key).getBytes(StandardCharsets.UTF_8);
        // Given a record a stage dead-lettered from rounds.evaluated
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.ROUNDS_EVALUATED.deadLetterName(),
                    key.getBytes(StandardCharsets.UTF_8), value);
            letter.headers().add(DeadLetterHeaders.FAILURE_KIND, "HANDLER".getBytes(StandardCharsets.UTF_8));
            letter.headers().add(DeadLetterHeaders.ERROR_MESSAGE, "checkpoint unknown".getBytes(StandardCharsets.UTF_8));
            letter.headers().add(DeadLetterHeaders.ORIGINAL_TOPIC, Topics.ROUNDS_EVALUATED.name().getBytes(StandardCharsets.UTF_8));
            producer.send(letter).get();
        }
        DeadLetters letters = new DeadLetters(stack.kafkaBootstrapServers());

        // When listed, then it is there with its reason
        assertThat(letters.list(DeadLetters.topic("rounds.evaluated")))
                .filteredOn(l -> l.key().equals(key)).singleElement()
                .satisfies(l -> assertThat(l.reason()).contains("HANDLER").contains("checkpoint unknown"));

        // When replayed twice, then the topic gets the original key and bytes back once
        assertThat(letters.replay(Topics.ROUNDS_EVALUATED)).extracting(DeadLetters.Letter::key).contains(key);
        assertThat(letters.replay(Topics.ROUNDS_EVALUATED)).extracting(DeadLetters.Letter::key).doesNotContain(key);
        assertThat(copiesOf(stack, key, value)).isEqualTo(1);
    }

    @Test
    void aRunThatFailsOnDeadLettersStopsAtTheFirstOneAndListsIt(StackEndpoints stack) throws Exception {
        // Given a run whose policy is to fail on dead letters (no services: the driver alone follows it)
        RunConfig config = RunConfigs.apply(RunConfigs.defaults(), Map.of("onDeadLetters", "FAIL_RUN", "rounds", "1"));
        RunProgress started = new RunProgress(null);
        CompletableFuture<RunProgress> run;
        try (RunFollower follower = new RunFollower(stack.kafkaBootstrapServers()).fromNow()) {
            run = CompletableFuture.supplyAsync(() -> new RunDriver(stack.kafkaBootstrapServers(),
                    new PrintWriter(System.out, true)).startAndFollow(config, Duration.ofMinutes(2)));
            assertThat(follower.follow(started, p -> p.runId() != null, Duration.ofSeconds(30), () -> { }))
                    .as("the run's first event within 30 s").isTrue();
        }

        // When one of its images is dead-lettered
        ImageGenerated image = ImageGenerated.newBuilder()
                .setMeta(new EventMetas(ServiceName.GENERATOR_SERVICE).next(started.runId(), 1))
                .setPromptId(RoundIds.promptId(started.runId(), 1, 0)).setPromptText("a red circle")
                .setImageId(RoundIds.imageId(RoundIds.promptId(started.runId(), 1, 0), 0))
                .setImage(BlobRef.newBuilder().setKey("runs/x.png").setSha256("0".repeat(64)).setSizeBytes(1).build())
                .setSeed(1).setSampling(RunSampling.recorded(config)).setCheckpointId(config.getBaseCheckpointId())
                .setExpectedImages(256).setWidthPx(32).setHeightPx(32)
                .build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.IMAGES_GENERATED.deadLetterName(),
                    started.runId().getBytes(StandardCharsets.UTF_8),
                    AvroSerde.of(ImageGenerated.class).encode(image))).get();
        }

        // Then the run fails at once, naming the round and the topic, instead of waiting for its timeout
        assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(RunFailedException.class)
                .cause().hasMessageContaining(started.runId()).hasMessageContaining("FAIL_RUN")
                .hasMessageContaining("round 1: 1 dead-lettered on " + Topics.IMAGES_GENERATED.name())
                .hasMessageContaining("rsi dlt replay");
    }

    private static int copiesOf(StackEndpoints stack, String key, byte[] value) {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-replay-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ROUNDS_EVALUATED.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && java.util.Arrays.equals(value, r.value())) {
                        found.add(key);
                    }
                });
                return !found.isEmpty();
            });
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                    found.add(key);
                }
            });
        }
        return found.size();
    }
}
