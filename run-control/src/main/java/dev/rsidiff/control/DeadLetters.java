package dev.rsidiff.control;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.deadletter.DeadLetterHeaders;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead letters of a topic: listed with the reason each was refused, and re-driven after a fix. A replay writes
 * each dead letter's original key and bytes back to its topic, once: the replay's consumer group commits its
 * position in the dead-letter topic, so a second replay re-drives only what was dead-lettered since. The stages are
 * idempotent, so a replayed record whose work was done in the meantime changes nothing.
 */
final class DeadLetters {

    static final String REPLAY_GROUP = "rsi-dead-letter-replay";

    /**
     * One dead letter.
     *
     * @param partition its partition in the dead-letter topic
     * @param offset    its offset there
     * @param key       the original record's key
     * @param reason    what refused it: failure kind, error and root cause
     * @param origin    topic-partition@offset of the original record
     */
    record Letter(int partition, long offset, String key, String reason, String origin) {
    }

    private final String bootstrapServers;

    DeadLetters(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The topic a name means: a pipeline topic's name, or its short form ("images.generated"). */
    static Topic<String, ?> topic(String name) {
        for (Topic<String, ?> t : Topics.all()) {
            if (t.name().equals(name) || t.name().equals("rsidiff." + name) || t.deadLetterName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("No topic '" + name + "'; topics: "
                + Topics.all().stream().map(Topic::name).toList());
    }

    /** Every dead letter of {@code topic}, oldest first. */
    List<Letter> list(Topic<String, ?> topic) {
        List<Letter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(null)) {
            List<TopicPartition> partitions = TopicScan.partitions(consumer, topic.deadLetterName());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            TopicScan.readToEnd(consumer, partitions, r -> out.add(letter(r)));
        }
        return out;
    }

    /** Writes every dead letter not replayed before back to its topic; returns what was replayed. */
    List<Letter> replay(Topic<String, ?> topic) {
        List<Letter> replayed = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(REPLAY_GROUP);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                     KafkaClientSettings.fromEnvironment(bootstrapServers, "run-control").idempotentProducer("replay", true))) {
            List<TopicPartition> partitions = TopicScan.partitions(consumer, topic.deadLetterName());
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata at = committed.get(tp);
                if (at == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            TopicScan.readToEnd(consumer, partitions, r -> {
                try {
                    producer.send(new ProducerRecord<>(topic.name(), r.key(), r.value())).get();
                } catch (Exception e) {
                    throw new IllegalStateException("Replaying " + r.topic() + "@" + r.offset() + " failed: "
                            + e.getMessage(), e);
                }
                replayed.add(letter(r));
                done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                consumer.commitSync(done);
            });
        }
        return replayed;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> props = KafkaClientSettings.fromEnvironment(bootstrapServers, "run-control").connection();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Letter letter(ConsumerRecord<byte[], byte[]> r) {
        String reason = header(r, DeadLetterHeaders.FAILURE_KIND) + ": " + header(r, DeadLetterHeaders.ERROR_MESSAGE)
                + " (root cause " + header(r, DeadLetterHeaders.ROOT_CAUSE) + ")";
        String origin = header(r, DeadLetterHeaders.ORIGINAL_TOPIC) + "-" + header(r, DeadLetterHeaders.ORIGINAL_PARTITION)
                + "@" + header(r, DeadLetterHeaders.ORIGINAL_OFFSET);
        return new Letter(r.partition(), r.offset(), r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8),
                reason, origin);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
