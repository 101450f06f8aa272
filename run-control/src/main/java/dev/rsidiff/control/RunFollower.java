package dev.rsidiff.control;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.TopicProvisioner;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads every topic (no consumer group: it only watches) and feeds a run's events to its {@link RunProgress}.
 * Position it at the end before starting a run, or at the beginning to re-attach to a run already under way.
 */
public final class RunFollower implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, AvroSerde<?>> serdes = new HashMap<>();
    /** Dead-letter topic name to its topic's name. */
    private final Map<String, String> deadLetterTopics = new HashMap<>();

    public RunFollower(String bootstrapServers) {
        Map<String, Object> props = KafkaClientSettings.fromEnvironment(bootstrapServers, "run-control")
                .committedReader("follower");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<String, ?> t : Topics.all()) {
            serdes.put(t.name(), serdeOf(t));
            for (int p = 0; p < t.partitions(); p++) {
                partitions.add(new TopicPartition(t.name(), p));
            }
            deadLetterTopics.put(t.deadLetterName(), t.name());
            for (int p = 0; p < TopicProvisioner.DEAD_LETTER_PARTITIONS; p++) {
                partitions.add(new TopicPartition(t.deadLetterName(), p));
            }
        }
        consumer.assign(partitions);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AvroSerde<?> serdeOf(Topic<String, ?> topic) {
        return AvroSerde.of((Class) topic.valueType());
    }

    /** Only events written from now on; resolves the positions at once, so nothing written later is missed. */
    public RunFollower fromNow() {
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        return this;
    }

    public RunFollower fromBeginning() {
        consumer.seekToBeginning(consumer.assignment());
        return this;
    }

    /** Where {@link #poll} hands each decoded event. */
    public interface EventSink {
        /** An event of {@code topic}. */
        void event(String topic, SpecificRecord event);

        /** An event of {@code topic} that a service dead-lettered. */
        void deadLetter(String topic, SpecificRecord event);
    }

    /**
     * Feeds events to {@code progress} until {@code done} holds or {@code timeout} passes; calls {@code onPoll}
     * after every poll. Returns whether {@code done} was reached.
     */
    public boolean follow(RunProgress progress, Predicate<RunProgress> done, Duration timeout, Runnable onPoll) {
        EventSink sink = new EventSink() {
            @Override
            public void event(String topic, SpecificRecord event) {
                progress.accept(topic, event);
            }

            @Override
            public void deadLetter(String topic, SpecificRecord event) {
                progress.acceptDeadLetter(topic, event);
            }
        };
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poll(sink);
            onPoll.run();
            if (done.test(progress)) {
                return true;
            }
        }
        return false;
    }

    /** One poll (at most half a second): every event read is decoded and handed to {@code sink}. */
    public void poll(EventSink sink) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            String deadLetterOf = deadLetterTopics.get(r.topic());
            AvroSerde<?> serde = serdes.get(deadLetterOf != null ? deadLetterOf : r.topic());
            SpecificRecord event;
            try {
                event = serde.decode(r.value());
            } catch (RuntimeException e) {
                continue; // not this follower's business: the services dead-letter such records
            }
            if (deadLetterOf != null) {
                sink.deadLetter(deadLetterOf, event);
            } else {
                sink.event(r.topic(), event);
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
