package dev.rsidiff.bus.listen;

import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch listener's partial poll put back against a real broker: the consumer is rewound, and the next poll takes
 * the records again with those written since, as one batch; nothing is lost or taken twice.
 */
@ExtendWith(LocalStackExtension.class)
class PollLingerIT {

    private static final int FULL_POLL = 16;

    /** A consumer polling as the generator's does: 16 records a poll, fetches held up to 250 ms for more. */
    private static KafkaConsumer<String, String> consumer(StackEndpoints stack, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "poll-linger-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, FULL_POLL,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static KafkaProducer<String, String> producer(StackEndpoints stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    private static String topic(StackEndpoints stack) throws Exception {
        String topic = "poll-linger-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        return topic;
    }

    private static void write(KafkaProducer<String, String> producer, String topic, int from, int count, Long at)
            throws Exception {
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(topic, null, at, "prompt-" + i, "prompt " + i)).get();
        }
    }

    @Test
    void aPartialPollWaitsForTheRestOfItsBurstAndGoesThroughWithIt(StackEndpoints stack) throws Exception {
        // Given a listener that puts partial polls back for up to 10 s (longer than this test waits between writes)
        String topic = topic(stack);
        try (KafkaProducer<String, String> producer = producer(stack);
             Listener listener = new Listener(consumer(stack, topic))) {
            // When 11 records are written, and 5 more once the listener has put a poll of them back
            write(producer, topic, 0, 11, null);
            listener.pollUntil(() -> listener.putBack.get() > 0);
            assertThat(listener.batches).as("nothing went through before the rest was written").isEmpty();
            write(producer, topic, 11, 5, null);
            listener.pollUntil(() -> !listener.batches.isEmpty());

            // Then the first batch to go through holds all 16, each once, and nothing follows it
            assertThat(listener.batches.get(0)).hasSize(16).doesNotHaveDuplicates();
            for (int i = 0; i < 4; i++) {
                listener.poll();
            }
            assertThat(listener.batches).hasSize(1);
        }
    }

    @Test
    void aPartialPollWrittenLongerThanTheLingerAgoGoesThroughAtOnce(StackEndpoints stack) throws Exception {
        // Given 5 records written a minute ago (by their timestamps), and a listener with a 10 s linger
        String topic = topic(stack);
        try (KafkaProducer<String, String> producer = producer(stack);
             Listener listener = new Listener(consumer(stack, topic))) {
            write(producer, topic, 0, 5, System.currentTimeMillis() - 60_000);

            // When the listener polls them
            listener.pollUntil(() -> !listener.batches.isEmpty());

            // Then they go through as they are, never put back
            assertThat(listener.batches).hasSize(1);
            assertThat(listener.batches.get(0)).hasSize(5);
            assertThat(listener.putBack).hasValue(0);
        }
    }

    /** A batch listener's handling of each poll: put back, or taken as a batch; committed either way. */
    private record Listener(KafkaConsumer<String, String> consumer, PollLinger linger, List<List<String>> batches,
                            AtomicInteger putBack) implements AutoCloseable {

        Listener(KafkaConsumer<String, String> consumer) {
            this(consumer, new PollLinger(FULL_POLL, Duration.ofSeconds(10)), new ArrayList<>(), new AtomicInteger());
        }

        void pollUntil(Callable<Boolean> done) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll();
                return done.call();
            });
        }

        void poll() {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            if (records.isEmpty()) {
                return;
            }
            if (linger.putBack(records, consumer, false)) {
                putBack.incrementAndGet();
            } else {
                batches.add(records.stream().map(ConsumerRecord::value).toList());
            }
            consumer.commitSync();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
