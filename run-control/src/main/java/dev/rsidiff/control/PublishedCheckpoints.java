package dev.rsidiff.control;

import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The ids of every checkpoint announced on the checkpoints topic, read from its beginning to its current end. */
final class PublishedCheckpoints {

    private PublishedCheckpoints() {
    }

    static Set<String> read(String bootstrapServers) {
        AvroSerde<CheckpointPublished> serde = AvroSerde.of(CheckpointPublished.class);
        Set<String> ids = new TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = TopicScan.partitions(consumer, Topics.CHECKPOINTS_PUBLISHED.name());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            TopicScan.readToEnd(consumer, partitions, r -> {
                try {
                    ids.add(serde.decode(r.value()).getCheckpointId());
                } catch (RuntimeException e) {
                    // a poison record: the services dead-letter it; it names no checkpoint
                }
            });
        }
        return ids;
    }
}
