package dev.rsidiff.control;

import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;

/**
 * A run's raw records on the real broker, for redelivery tests: written again with the same key and bytes (as Kafka
 * redelivers them), counted per topic (events, not distinct ids), and the stages' consumer groups waited on.
 */
final class RunRecords {


    private RunRecords() {
    }

    /** Writes every record of the run found on every topic again, same key and bytes; returns how many per topic. */
    static Map<String, Integer> writeEveryRecordAgain(StackEndpoints stack, String runId) throws Exception {
        return writeAgain(stack, runId, Topics.all());
    }

    /** Writes every record of the run found on the given topics again, same key and bytes; returns how many per topic. */
    static Map<String, Integer> writeAgain(StackEndpoints stack, String runId, List<Topic<String, ?>> topics)
            throws Exception {
        Map<String, Integer> copied = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     stack.kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Topic<String, ?> topic : topics) {
                List<ConsumerRecord<byte[], byte[]>> records = readAll(consumer, topic);
                AvroSerde<?> serde = serdeOf(topic);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (runId.equals(runOf(serde, r.value()))) {
                        producer.send(new ProducerRecord<>(topic.name(), r.key(), r.value())).get();
                        copied.merge(topic.name(), 1, Integer::sum);
                    }
                }
            }
        }
        return copied;
    }

    /** The run's events per topic. */
    static Map<String, Integer> eventsPerTopic(StackEndpoints stack, String runId) {
        Map<String, Integer> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack)) {
            for (Topic<String, ?> topic : Topics.all()) {
                AvroSerde<?> serde = serdeOf(topic);
                for (ConsumerRecord<byte[], byte[]> r : readAll(consumer, topic)) {
                    if (runId.equals(runOf(serde, r.value()))) {
                        counts.merge(topic.name(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** Every record of the topic up to its current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, Topic<String, ?> topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(topic.name(), p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        });
        return out;
    }

    /** Waits until every stage's consumer group has committed the end of every partition it reads. */
    static void awaitStagesCaughtUp(StackEndpoints stack) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
             KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                for (String group : FreshStart.STAGE_GROUPS.keySet()) {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, Long> end = consumer.endOffsets(committed.keySet());
                    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                        if (e.getValue() == null || e.getValue().offset() < end.get(e.getKey())) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
    }

    private static KafkaConsumer<byte[], byte[]> rawConsumer(StackEndpoints stack) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // What every consumer of the stages sees: committed events only (a fenced instance's are aborted).
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static AvroSerde<?> serdeOf(Topic<String, ?> topic) {
        return AvroSerde.of((Class) topic.valueType());
    }

    static String runOf(AvroSerde<?> serde, byte[] value) {
        try {
            SpecificRecord event = (SpecificRecord) serde.decode(value);
            return ((EventMeta) event.get(event.getSchema().getField("meta").pos())).getRunId();
        } catch (RuntimeException e) {
            return null; // a poison record some other test wrote
        }
    }
}
