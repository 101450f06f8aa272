package dev.rsidiff.control;

import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A broker that redelivers: every record that appears on any event topic while the relay runs is written to the
 * same partition once more, with the same key and bytes, after a random delay (seeded), so that copies arrive
 * late, out of order with the live records, some after their round is done. Copies carry a header so that they
 * are not copied again. {@link #close()} copies what is still due, waits for every copy to be acknowledged and
 * returns the count per run and topic.
 */
final class ChaosRelay implements AutoCloseable {

    static final String COPY_HEADER = "test.chaos.copy";

    private final StackEndpoints stack;
    private final Random random;
    private final Duration maxDelay;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Map<String, Integer>> copiesByRun = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread reader;
    private volatile boolean draining;

    ChaosRelay(StackEndpoints stack, long seed, Duration maxDelay) {
        this.stack = stack;
        this.random = new Random(seed);
        this.maxDelay = maxDelay;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.kafkaBootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<String, ?> topic : Topics.all()) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // What every consumer of the stages sees: committed events only (a fenced instance's are aborted).
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before the run writes anything
        this.reader = new Thread(() -> relay(consumer, partitions), "chaos-relay");
        reader.start();
    }

    private void relay(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        try (consumer) {
            while (true) {
                boolean last = draining;
                Map<TopicPartition, Long> end = last ? consumer.endOffsets(partitions) : Map.of();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.headers().lastHeader(COPY_HEADER) == null) {
                        schedule(r);
                    }
                }
                if (last && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    return;
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void schedule(ConsumerRecord<byte[], byte[]> r) {
        long delay;
        synchronized (random) {
            delay = (long) (random.nextDouble() * maxDelay.toMillis());
        }
        scheduler.schedule(() -> {
            try {
                RecordHeaders headers = new RecordHeaders(r.headers().toArray());
                headers.add(COPY_HEADER, new byte[] {1});
                producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), headers)).get();
                String run = RunRecords.runOf(serdeOf(r.topic()), r.value());
                copiesByRun.computeIfAbsent(String.valueOf(run), k -> new ConcurrentHashMap<>())
                        .merge(r.topic(), 1, Integer::sum);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static AvroSerde<?> serdeOf(String topic) {
        return RunRecords.serdeOf(Topics.all().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow());
    }

    /** The copies written for {@code runId}'s records, per topic (valid after {@link #close()}). */
    Map<String, Integer> copiesOf(String runId) {
        return new TreeMap<>(copiesByRun.getOrDefault(runId, Map.of()));
    }

    /** Copies every record written so far, waits for the last copy, and stops. */
    @Override
    public void close() throws InterruptedException {
        draining = true;
        reader.join(Duration.ofMinutes(1).toMillis());
        scheduler.shutdown();
        scheduler.awaitTermination(maxDelay.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        producer.close(Duration.ofSeconds(10));
        if (failure.get() != null) {
            throw new IllegalStateException("The chaos relay failed", failure.get());
        }
    }
}
