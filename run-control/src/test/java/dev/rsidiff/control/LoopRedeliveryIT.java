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
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
class LoopRedeliveryIT {

    @Test
    void everyRecordDeliveredTwiceAnnouncesNothingTwice(StackEndpoints stack, ServiceLogs logs) throws Exception {
        RunConfig config = LoopFixture.config(6, 2, 5, 2);
        try (ServiceFleet fleet = LoopFixture.fleet(stack, logs); BlobStore blobs = LoopFixture.blobs(stack)) {
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
                copies = RunRecords.writeEveryRecordAgain(stack, watch.runId());
            }
            RunProgress progress = run.get(5, TimeUnit.MINUTES);
            LoopChecks.roundsComplete(progress, config, blobs);
            RunRecords.awaitStagesCaughtUp(stack);

            Map<String, Integer> clean = LoopChecks.cleanRunEvents(config);
            Map<String, Integer> expected = new TreeMap<>();
            clean.forEach((topic, n) -> expected.put(topic, n + copies.getOrDefault(topic, 0)));
            assertThat(copies.get(Topics.SCORES_COMPUTED.name())).as("round 1 scores written again").isGreaterThanOrEqualTo(12);
            Map<String, Integer> actual = RunRecords.eventsPerTopic(stack, progress.runId());
            System.out.printf("Redelivery: clean %s%n  copies %s%n  expected %s%n  actual %s%n", new TreeMap<>(clean),
                    copies, expected, actual);
            assertThat(actual).as("events per topic: the clean run's plus the copies").isEqualTo(expected);
        }
    }
}
