package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.bus.write.OutputLog;
import dev.rsidiff.bus.write.TopicWriter;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.EventMeta;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch announcements against a real broker and a real S3 server: one intent and one record for a batch, nothing
 * sent twice when a batch is redelivered, whole or in part, to this instance or a restarted one, when its record
 * was lost after the broker acknowledged its events, or when its outputs were announced one at a time before.
 */
@ExtendWith(LocalStackExtension.class)
class AnnouncementsIT {

    private static final String STAGE = "scoring";
    private static final String TOPIC = Topics.SCORES_COMPUTED.name();

    private final String run = "run-" + UUID.randomUUID();
    private KafkaClientSettings kafka;
    private BlobStore blobs;
    private EventProducer producer;
    private OutputLog outputLog;
    private TopicWriter<ScoresComputed> writer;
    private Map<Integer, Long> topicStart;

    @BeforeEach
    void connect(StackEndpoints stack) {
        kafka = new KafkaClientSettings(stack.kafkaBootstrapServers(), "announcements-it");
        blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null));
        blobs.ensureBucket();
        producer = new EventProducer(kafka);
        outputLog = new OutputLog(kafka, Duration.ZERO);
        writer = producer.writerFor(Topics.SCORES_COMPUTED);
        topicStart = outputLog.endOffsets(TOPIC);
    }

    @AfterEach
    void close() {
        outputLog.close();
        producer.close();
        blobs.close();
    }

    @Test
    void aBatchIsAnnouncedOnceWithOneIntentAndOneRecordAndARedeliveryOnlyAddsItsNewOutputs() {
        // Given five outputs announced as one batch
        Announcements first = announcements();
        assertThat(first.onceEach(run, 1, ids("a", "b", "c", "d", "e"), publisher(first)))
                .containsExactly("a", "b", "c", "d", "e");

        // Then each event is on the topic once, and the store holds one intent and one record for all five
        assertThat(eventsOnTopic()).containsOnlyKeys("a", "b", "c", "d", "e").allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(blobs.list(BlobKeys.announcementBatchPrefix(run, 1, STAGE))).hasSize(2);

        // When three of them come again with two new ones, to this instance and to a restarted one
        assertThat(first.onceEach(run, 1, ids("c", "f", "d", "g", "e"), publisher(first))).containsExactly("f", "g");
        Announcements restarted = announcements();
        assertThat(restarted.announcedAmong(run, 1, ids("a", "g", "h"))).containsExactly("a", "g");
        assertThat(restarted.onceEach(run, 1, ids("a", "b", "g", "h"), publisher(restarted))).containsExactly("h");

        // Then only the new ones were sent, once each, and another round is apart
        assertThat(eventsOnTopic()).containsOnlyKeys("a", "b", "c", "d", "e", "f", "g", "h")
                .allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(restarted.announcedAmong(run, 2, ids("a"))).isEmpty();
    }

    @Test
    void aBatchWhoseRecordWasLostAfterItsEventsWereAcknowledgedIsRepairedWithoutSendingThemAgain() {
        // Given a batch whose events the broker acknowledged, but whose record never got written (a crash between)
        Announcements crashed = announcements();
        crashed.onceEach(run, 1, ids("a", "b", "c"), publisher(crashed));
        blobs.list(BlobKeys.announcementBatchPrefix(run, 1, STAGE)).stream()
                .filter(l -> l.key().value().endsWith(".record.json")).forEach(l -> blobs.delete(l.key()));

        // When a restarted instance gets those outputs again with two new ones
        Announcements restarted = announcements();
        assertThat(restarted.announcedAmong(run, 1, ids("a", "b", "c"))).isEmpty();
        assertThat(restarted.onceEach(run, 1, ids("a", "d", "b", "c", "e"), publisher(restarted)))
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e");

        // Then the repair found the first three on the topic and sent only the new ones
        assertThat(eventsOnTopic()).containsOnlyKeys("a", "b", "c", "d", "e").allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(announcements().announcedAmong(run, 1, ids("a", "b", "c", "d", "e"))).hasSize(5);
    }

    @Test
    void outputsAnnouncedOneAtATimeBeforeAreSeenByTheBatchForm() {
        // Given an output announced alone, and another whose single attempt sent its event but recorded nothing
        Announcements single = announcements();
        single.once(run, 1, "a", () -> single.sender(writer).accept(score("a")));
        single.once(run, 1, "b", () -> single.sender(writer).accept(score("b")));
        blobs.delete(BlobKeys.announcement(run, 1, STAGE, "b"));

        // When both come in a batch with a new one
        Announcements batch = announcements();
        assertThat(batch.announcedAmong(run, 1, ids("a", "b", "c"))).containsExactly("a");
        assertThat(batch.onceEach(run, 1, ids("a", "b", "c"), publisher(batch))).containsExactly("b", "c");

        // Then nothing is on the topic twice
        assertThat(eventsOnTopic()).containsOnlyKeys("a", "b", "c").allSatisfy((id, n) -> assertThat(n).isOne());
    }

    private Announcements announcements() {
        return new Announcements(blobs, STAGE, outputLog);
    }

    private Consumer<String> publisher(Announcements announcements) {
        Consumer<ScoresComputed> send = announcements.sender(writer);
        return imageId -> send.accept(score(imageId));
    }

    private static List<String> ids(String... ids) {
        return List.of(ids);
    }

    /** How many events of this test's run are on the topic since it began, by image id. */
    private Map<String, Integer> eventsOnTopic() {
        Map<String, Integer> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.committedReader("announcements-it"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<Integer, Long> end = outputLog.endOffsets(TOPIC);
            List<TopicPartition> partitions = end.keySet().stream().map(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, topicStart.getOrDefault(tp.partition(), 0L)));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp.partition()))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ScoresComputed event = writer.decode(r.value());
                    if (event.getMeta().getRunId().equals(run)) {
                        counts.merge(event.getImageId(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    private ScoresComputed score(String imageId) {
        return ScoresComputed.newBuilder()
                .setMeta(EventMeta.newBuilder().setEventId(UUID.randomUUID().toString()).setRunId(run).setRound(1)
                        .setProducer(ServiceName.SCORER_SERVICE).setProducerInstance("test")
                        .setTimestamp(Instant.ofEpochMilli(0)).build())
                .setImageId(imageId).setPromptId("p").setPromptText("a red circle")
                .setImage(BlobRef.newBuilder().setKey("k").setSha256("0".repeat(64)).setSizeBytes(1).build())
                .setCheckpointId("ck-0000000000000000")
                .setScores(List.of(new Score("aesthetic", "v1", 1.0)))
                .setExpectedImages(8)
                .build();
    }
}
