package dev.rsidiff.control;

import dev.rsidiff.bus.deadletter.DeadLetterHeaders;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
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
