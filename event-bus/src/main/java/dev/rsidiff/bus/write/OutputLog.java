package dev.rsidiff.bus.write;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.events.common.EventMeta;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads what is already on an output topic, for the one case where a stage cannot know whether its events were
 * published: an attempt interrupted between sending them and recording that it did. The stage notes where the
 * topic ended before it sends ({@link #endOffsets}); a retry then looks from there for the events by id
 * ({@link #published}) and sends only those that are missing. A consumer without a group, assigned partitions only.
 */
public final class OutputLog implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** How old the end offsets {@link #endOffsets} hands out may be, by default. */
    public static final Duration END_OFFSETS_MAX_AGE = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long maxAgeNanos;
    private final Map<String, Observed> observed = new HashMap<>();

    /** End offsets of a topic as read from the broker at {@code nanoTime}. */
    private record Observed(Map<Integer, Long> offsets, long nanoTime) {
    }

    public OutputLog(KafkaClientSettings settings) {
        this(settings, END_OFFSETS_MAX_AGE);
    }

    /** @param endOffsetsMaxAge how old the end offsets {@link #endOffsets} hands out may be (zero: always fresh) */
    public OutputLog(KafkaClientSettings settings, Duration endOffsetsMaxAge) {
        Map<String, Object> props = settings.committedReader("output-log");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.maxAgeNanos = endOffsetsMaxAge.toNanos();
    }

    /**
     * Where every partition of {@code topic} ended, by partition, as read from the broker at most the configured
     * age ago. An intent needs no more: offsets only grow, so any end read before a stage sends is at or below
     * where its events land, and an older one only makes a repair read a few more records. Fresh reads cost a
     * broker round trip each, one at a time on this one consumer, and a stage announces many outputs at once (the
     * scorer one per image), so they are shared for a moment.
     */
    public synchronized Map<Integer, Long> endOffsets(String topic) {
        long now = System.nanoTime();
        Observed last = observed.get(topic);
        if (last != null && now - last.nanoTime() <= maxAgeNanos) {
            return last.offsets();
        }
        List<TopicPartition> partitions = partitions(topic);
        Map<Integer, Long> out = new TreeMap<>();
        consumer.endOffsets(partitions, TIMEOUT).forEach((tp, offset) -> out.put(tp.partition(), offset));
        Map<Integer, Long> offsets = Collections.unmodifiableMap(out);
        observed.put(topic, new Observed(offsets, now)); // when the read began: the offsets are no older than that
        return offsets;
    }

    /**
     * Which of {@code eventIds} are on {@code topic} at or after {@code from} (offsets by partition; partitions not
     * named are read from their beginning).
     */
    public synchronized Set<String> published(String topic, Map<Integer, Long> from, Set<String> eventIds,
                                              Function<byte[], SpecificRecord> decode) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, from.getOrDefault(tp.partition(), 0L));
        }
        Set<String> found = new HashSet<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Reading " + topic + " to its end took longer than " + TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                String id = eventIdOf(r.value(), decode);
                if (id != null && eventIds.contains(id)) {
                    found.add(id);
                }
            }
        }
        consumer.assign(List.of());
        return found;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static String eventIdOf(byte[] value, Function<byte[], SpecificRecord> decode) {
        try {
            SpecificRecord event = decode.apply(value);
            return ((EventMeta) event.get(event.getSchema().getField("meta").pos())).getEventId();
        } catch (RuntimeException e) {
            return null; // poison on the topic is not one of ours
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
