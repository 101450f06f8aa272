package dev.rsidiff.control;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reading a topic up to its current end, for the commands that look at what a topic holds. */
public final class TopicScan {

    static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private TopicScan() {
    }

    /**
     * Every event on {@code topic} from its beginning to its current end, decoded, to {@code each}; undecodable
     * records (poison, which the services dead-letter) are skipped.
     */
    public static <V extends org.apache.avro.specific.SpecificRecord> void decodeAll(String bootstrapServers,
                                                                         dev.rsidiff.schemas.Topic<?, V> topic,
                                                                         Consumer<V> each) {
        dev.rsidiff.bus.serde.AvroSerde<V> serde = dev.rsidiff.bus.serde.AvroSerde.of(topic.valueType());
        Map<String, Object> props = dev.rsidiff.bus.KafkaClientSettings.fromEnvironment(bootstrapServers, "run-control")
                .committedReader("scan");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic.name());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd(consumer, partitions, r -> {
                V event;
                try {
                    event = serde.decode(r.value());
                } catch (RuntimeException e) {
                    return; // poison: the services dead-letter it
                }
                each.accept(event);
            });
        }
    }

    static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, READ_LIMIT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /**
     * Hands every record from the consumer's positions up to the partitions' current ends to {@code each}.
     *
     * @throws IllegalStateException if the end is not reached within {@link #READ_LIMIT}
     */
    static void readToEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                          Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_LIMIT);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read " + partitions + " to the end within "
                        + READ_LIMIT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r);
                }
            }
        }
    }
}
