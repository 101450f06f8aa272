package dev.rsidiff.bus.write;

import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.RandomEvents;
import dev.rsidiff.bus.serde.AvroSerde;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Zombie fencing on a real broker: two instances of a collector, A and B, and the input partition a run's round
 * arrives on. Given A owns it, when B is assigned it, then A can no longer announce anything, even a transaction it
 * had already begun, and what A had sent stays invisible to committed readers.
 */
@ExtendWith(LocalStackExtension.class)
class PartitionFencesIT {

    private static final AvroSerde<CheckpointPublished> SERDE = AvroSerde.of(CheckpointPublished.class);

    @Test
    void theOwnersTransactionIsSeenByCommittedReaders(StackEndpoints stack) {
        String group = "fence-" + UUID.randomUUID();
        String runId = "run-" + UUID.randomUUID();
        try (EventProducer events = producer(stack); PartitionFences a = fences(stack, group)) {
            a.assigned(List.of(partitionOf(a, runId)));
            TopicWriter<CheckpointPublished> writer = events.writerFor(Topics.CHECKPOINTS_PUBLISHED);

            a.forInputKey(runId).transaction(s -> {
                s.send(writer, event(runId, "a-1"));
                s.send(writer, event(runId, "a-2"));
            });

            // A committed transaction's markers reach the partition after the commit returns, so committed readers
            // see it a moment later (until then the partition's last stable offset is before it).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(checkpointIds(stack, runId, true)).containsExactly("a-1", "a-2"));
        }
    }

    @Test
    void aStalledOwnerIsFencedWhenTheNewOwnerIsAssignedEvenMidTransaction(StackEndpoints stack) {
        String group = "fence-" + UUID.randomUUID();
        String runId = "run-" + UUID.randomUUID();
        try (EventProducer events = producer(stack); PartitionFences a = fences(stack, group);
             PartitionFences b = fences(stack, group)) {
            TopicPartition partition = partitionOf(a, runId);
            a.assigned(List.of(partition));
            TopicWriter<CheckpointPublished> writer = events.writerFor(Topics.CHECKPOINTS_PUBLISHED);
            PartitionFences.Fence stalled = a.forInputKey(runId);

            // A has sent its round's event and is about to commit when its partition moves to B.
            assertThatThrownBy(() -> stalled.transaction(s -> {
                s.send(writer, event(runId, "from-a")).join(); // on the broker, not yet committed
                b.assigned(List.of(partition));
            })).isInstanceOf(PublishFailedException.class).hasMessageContaining("newer owner")
                    .satisfies(e -> assertThat(((PublishFailedException) e).isRetriable()).isTrue());
            b.forInputKey(runId).transaction(s -> s.send(writer, event(runId, "from-b")));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(checkpointIds(stack, runId, true)).as("committed readers").containsExactly("from-b"));
            assertThat(checkpointIds(stack, runId, false)).as("the log itself holds A's aborted event")
                    .containsExactlyInAnyOrder("from-a", "from-b");

            // A's retry, before its consumer has heard from the group, does not initialise the producer again
            // (which would fence B): it waits for the group's word.
            assertThatThrownBy(() -> a.forInputKey(runId).transaction(s -> s.send(writer, event(runId, "a-again"))))
                    .isInstanceOf(PublishFailedException.class).hasMessageContaining("confirms with the group");
            // The redelivered record's confirmation is refused: the group moved the partition to B.
            assertThatThrownBy(() -> a.delivered(partition, () -> {
                throw new FencedOutException("The group rebalanced " + partition + " away from this instance");
            })).isInstanceOf(FencedOutException.class);
            assertThatThrownBy(() -> a.forInputKey(runId)).as("A dropped the partition")
                    .isInstanceOf(FencedOutException.class);
            assertThat(a.owns(runId)).isFalse();
            assertThat(b.owns(runId)).isTrue();
            b.forInputKey(runId).transaction(s -> s.send(writer, event(runId, "from-b-2")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(checkpointIds(stack, runId, true))
                    .as("B was never fenced by A").containsExactly("from-b", "from-b-2"));
        }
    }

    /**
     * The defect this fixes: a transaction that outlives its timeout is aborted by the broker, which bumps the
     * producer's epoch, and the commit fails exactly as if a newer owner had fenced it. The instance used to drop
     * the partition it still owned, and the round waited for the next rebalance.
     */
    @Test
    void anOwnerWhoseTransactionTimedOutAnnouncesOnceTheGroupConfirmsItStillOwnsThePartition(
            StackEndpoints stack) {
        String group = "fence-" + UUID.randomUUID();
        String runId = "run-" + UUID.randomUUID();
        try (EventProducer events = producer(stack);
             PartitionFences a = new PartitionFences(new KafkaClientSettings(stack.kafkaBootstrapServers(), group),
                     group, Topics.WEIGHTS_ASSIGNED, Duration.ofSeconds(1))) {
            TopicPartition partition = partitionOf(a, runId);
            a.assigned(List.of(partition));
            TopicWriter<CheckpointPublished> writer = events.writerFor(Topics.CHECKPOINTS_PUBLISHED);

            // The broker looks for expired transactions every 10 s (transaction.abort.timed.out.transaction
            // .cleanup.interval.ms), so a stall of 1 s past the timeout may go unnoticed; 14 s cannot.
            assertThatThrownBy(() -> a.forInputKey(runId).transaction(s -> {
                s.send(writer, event(runId, "stalled")).join();
                sleep(Duration.ofSeconds(14));
            })).isInstanceOf(PublishFailedException.class).hasMessageContaining("longer than 1000 ms");
            assertThat(a.owns(runId)).as("the partition is kept: nobody else was assigned it").isTrue();

            a.delivered(partition, () -> { }); // the redelivered record's offset commit is accepted by the group
            a.forInputKey(runId).transaction(s -> s.send(writer, event(runId, "retried")));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(checkpointIds(stack, runId, true)).as("committed readers").containsExactly("retried"));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anInstanceAnnouncesOnlyForPartitionsItOwns(StackEndpoints stack) {
        String runId = "run-" + UUID.randomUUID();
        try (PartitionFences a = fences(stack, "fence-" + UUID.randomUUID())) {
            assertThat(a.owns(runId)).as("nothing assigned yet").isFalse();
            assertThatThrownBy(() -> a.forInputKey(runId)).isInstanceOf(FencedOutException.class)
                    .hasMessageContaining("does not own");

            a.assigned(List.of(partitionOf(a, runId)));
            assertThat(a.owns(runId)).isTrue();

            a.revoked(List.of(partitionOf(a, runId)));
            assertThat(a.owns(runId)).isFalse();
            assertThatThrownBy(() -> a.forInputKey(runId)).isInstanceOf(FencedOutException.class);
        }
    }

    private static PartitionFences fences(StackEndpoints stack, String group) {
        return new PartitionFences(new KafkaClientSettings(stack.kafkaBootstrapServers(), group), group,
                Topics.WEIGHTS_ASSIGNED);
    }

    private static EventProducer producer(StackEndpoints stack) {
        return new EventProducer(new KafkaClientSettings(stack.kafkaBootstrapServers(), "fence-test"));
    }

    private static TopicPartition partitionOf(PartitionFences fences, String runId) {
        return new TopicPartition(Topics.WEIGHTS_ASSIGNED.name(), fences.partitionOf(runId));
    }

    private static CheckpointPublished event(String runId, String checkpointId) {
        CheckpointPublished e = RandomEvents.of(CheckpointPublished.class, checkpointId.hashCode());
        e.getMeta().setRunId(runId);
        e.setCheckpointId(checkpointId);
        return e;
    }

    /** The checkpoint ids the run's events on the checkpoints topic carry, in order, as a reader sees them. */
    private static List<String> checkpointIds(StackEndpoints stack, String runId, boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHECKPOINTS_PUBLISHED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read to the end within 30 s").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    CheckpointPublished e = SERDE.decode(r.value());
                    if (runId.equals(e.getMeta().getRunId())) {
                        out.add(e.getCheckpointId());
                    }
                }
            }
        }
        return out;
    }
}
