package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka redelivers: every record of a run may reach its consumers twice. Given a two-round run, when round 1's
 * checkpoint is out, every record the run has written so far, on every topic, is written again (late duplicates,
 * some for a round that is done, some racing the live round). Then every stage acknowledges them without
 * announcing anything twice: each topic ends with exactly the clean run's events plus the copies, no more.
 */
@ExtendWith(LocalStackExtension.class)
class LoopRedeliveryIT {

    private static final List<String> STAGE_GROUPS = List.of("prompt-service", "generator-service", "scorer-service",
            "weighting-service", "trainer-service", "trainer-service-evaluation");

    @Test
    void everyRecordDeliveredTwiceAnnouncesNothingTwice(StackEndpoints stack, @TempDir Path tmp) throws Exception {
        RunConfig config = LoopFixture.config(6, 2, 5, 2);
        try (ServiceFleet fleet = LoopFixture.fleet(stack, tmp.resolve("logs")); BlobStore blobs = LoopFixture.blobs(stack)) {
            fleet.startAll(Duration.ofMinutes(2));
            RunProgress watch = new RunProgress(null);
            CompletableFuture<RunProgress> run;
            Map<String, Integer> copies;
            try (RunFollower follower = new RunFollower(stack.kafkaBootstrapServers()).fromNow()) {
                run = CompletableFuture.supplyAsync(() ->
                        new RunDriver(stack.kafkaBootstrapServers(), new PrintWriter(System.out, true))
                                .startAndFollow(config, Duration.ofMinutes(4)));
                follower.follow(watch, p -> !p.round(1).checkpoints.isEmpty(), Duration.ofMinutes(3), () -> { });
                assertThat(watch.round(1).checkpoints).as("round 1 checkpoint published").isNotEmpty();
                copies = writeEveryRecordAgain(stack, watch.runId());
            }
            RunProgress progress = run.get(5, TimeUnit.MINUTES);
            LoopChecks.roundsComplete(progress, config, blobs);
            awaitStagesCaughtUp(stack);

            Map<String, Integer> clean = LoopChecks.cleanRunEvents(config);
            Map<String, Integer> expected = new TreeMap<>();
            clean.forEach((topic, n) -> expected.put(topic, n + copies.getOrDefault(topic, 0)));
            assertThat(copies.get(Topics.SCORES_COMPUTED.name())).as("round 1 scores written again").isGreaterThanOrEqualTo(12);
            Map<String, Integer> actual = eventsPerTopic(stack, progress.runId());
            System.out.printf("Redelivery: clean %s%n  copies %s%n  expected %s%n  actual %s%n", new TreeMap<>(clean),
                    copies, expected, actual);
            assertThat(actual).as("events per topic: the clean run's plus the copies").isEqualTo(expected);
        }
    }

    /** Writes every record of the run found on every topic again, same key and bytes; returns how many per topic. */
    private static Map<String, Integer> writeEveryRecordAgain(StackEndpoints stack, String runId) throws Exception {
        Map<String, Integer> copied = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     stack.kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Topic<String, ?> topic : Topics.all()) {
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
    private static Map<String, Integer> eventsPerTopic(StackEndpoints stack, String runId) {
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
    private static void awaitStagesCaughtUp(StackEndpoints stack) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
             KafkaConsumer<byte[], byte[]> consumer = rawConsumer(stack)) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                for (String group : STAGE_GROUPS) {
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
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AvroSerde<?> serdeOf(Topic<String, ?> topic) {
        return AvroSerde.of((Class) topic.valueType());
    }

    private static String runOf(AvroSerde<?> serde, byte[] value) {
        try {
            SpecificRecord event = (SpecificRecord) serde.decode(value);
            return ((EventMeta) event.get(event.getSchema().getField("meta").pos())).getRunId();
        } catch (RuntimeException e) {
            return null; // a poison record some other test wrote
        }
    }
}
