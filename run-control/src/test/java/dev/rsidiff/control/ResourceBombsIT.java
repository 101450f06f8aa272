package dev.rsidiff.control;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.KafkaClientSettings;
import dev.rsidiff.bus.write.EventProducer;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunSampling;
import dev.rsidiff.schemas.Topic;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resource bombs reach the services as processes: a small PNG whose header declares a 100,000 x 100,000 image, and
 * a checkpoint whose header declares a 100,000 x 100,000 tensor, both stored with the hashes their events announce.
 * Each is dead-lettered with its reason before anything is allocated, and the service goes on with the next record.
 */
@ExtendWith({LocalStackExtension.class, ServiceLogsOnFailure.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceBombsIT {

    private static final int HUGE = 100_000;

    private StackEndpoints stack;
    private ServiceFleet fleet;
    private BlobStore blobs;
    private EventProducer producer;
    private String runId;
    private RunConfig config;

    @BeforeAll
    void startServices(StackEndpoints stack, ServiceLogs logs) throws Exception {
        this.stack = stack;
        this.fleet = LoopFixture.fleet(stack, logs);
        this.blobs = LoopFixture.blobs(stack);
        this.producer = new EventProducer(new KafkaClientSettings(stack.kafkaBootstrapServers(), "bombs-test"));
        fleet.start("scorer-service");
        fleet.start("generator-service");
        fleet.awaitHealthy("scorer-service", Duration.ofMinutes(2));
        fleet.awaitHealthy("generator-service", Duration.ofMinutes(2));
        runId = "run-bombs-" + UUID.randomUUID();
        config = LoopFixture.config(2, 1, 1, 1);
        new RunConfigStore(blobs).save(runId, config);
    }

    @AfterAll
    void stopServices() {
        fleet.close();
        producer.close();
        blobs.close();
    }

    @Test
    void aPngDeclaringAHugeImageIsDeadLetteredAndTheScorerGoesOn() {
        // Given a bomb and a real image, stored with the hashes their events carry
        byte[] image = Images.png(new SceneRenderer(32).render(new SceneSampler(7).next()));
        StoredBlob bomb = blobs.put(BlobKey.of("bombs/" + runId + "/bomb.png"), declaring(image, HUGE, HUGE), "image/png");
        StoredBlob real = blobs.put(BlobKey.of("bombs/" + runId + "/real.png"), image, "image/png");
        String bombId = RoundIds.imageId(RoundIds.promptId(runId, 1, 0), 0);
        String realId = RoundIds.imageId(RoundIds.promptId(runId, 1, 1), 0);

        // When both reach the scorer, the bomb first
        producer.writerFor(Topics.IMAGES_GENERATED).send(imageEvent(bombId, 0, bomb));
        producer.writerFor(Topics.IMAGES_GENERATED).send(imageEvent(realId, 1, real));

        // Then the bomb is dead-lettered with its reason, and the real image is scored
        await().atMost(Duration.ofMinutes(2)).until(() -> scoredImages().contains(realId));
        String bombPrompt = RoundIds.promptId(runId, 1, 0); // the topic's key
        assertThat(letters(Topics.IMAGES_GENERATED)).filteredOn(l -> l.key().equals(bombPrompt)).singleElement()
                .satisfies(l -> assertThat(l.reason()).contains("refused").contains(HUGE + "x" + HUGE + " pixels"));
        assertThat(scoredImages()).doesNotContain(bombId);
    }

    @Test
    void aCheckpointDeclaringHugeTensorsIsDeadLetteredAndTheGeneratorGoesOn() throws Exception {
        // Given a checkpoint whose header declares a huge tensor, stored and indexed under its id
        String bombCheckpoint = "ck-bomb" + Long.toHexString(UUID.randomUUID().getMostSignificantBits());
        byte[] bytes = checkpointDeclaringHugeTensor();
        StoredBlob stored = blobs.put(BlobKeys.checkpoint(runId, 0, bombCheckpoint), bytes, "application/octet-stream");
        blobs.put(BlobKeys.checkpointIndex(bombCheckpoint), Manifests.toJson(new CheckpointStore.IndexEntry(
                stored.key().value(), stored.sha256(), stored.sizeBytes(), null, null)), "application/json");
        String bombPrompt = RoundIds.promptId(runId, 2, 0);
        String realPrompt = RoundIds.promptId(runId, 2, 1);

        // When a prompt names it, and then a prompt names the base model
        producer.writerFor(Topics.PROMPTS_FILTERED).send(promptEvent(bombPrompt, bombCheckpoint));
        producer.writerFor(Topics.PROMPTS_FILTERED).send(promptEvent(realPrompt, config.getBaseCheckpointId()));

        // Then the first is dead-lettered, refused before allocation, and the second is generated
        await().atMost(Duration.ofMinutes(2)).until(() -> generatedPrompts().contains(realPrompt));
        assertThat(letters(Topics.PROMPTS_FILTERED)).filteredOn(l -> l.key().equals(bombPrompt)).singleElement()
                .satisfies(l -> assertThat(l.reason()).contains(bombCheckpoint).contains("refused before reading"));
        assertThat(generatedPrompts()).doesNotContain(bombPrompt);
    }

    private ImageGenerated imageEvent(String imageId, int promptIndex, StoredBlob blob) {
        return ImageGenerated.newBuilder()
                .setMeta(new EventMetas(ServiceName.GENERATOR_SERVICE).next(runId, 1))
                .setPromptId(RoundIds.promptId(runId, 1, promptIndex)).setPromptText("a red circle on the left")
                .setImageId(imageId).setImage(blob.toRef())
                .setSeed(1).setSampling(RunSampling.recorded(config)).setCheckpointId(config.getBaseCheckpointId())
                .setExpectedImages(2).setWidthPx(32).setHeightPx(32)
                .build();
    }

    private PromptFiltered promptEvent(String promptId, String checkpointId) {
        return PromptFiltered.newBuilder()
                .setMeta(new EventMetas(ServiceName.PROMPT_SERVICE).next(runId, 2))
                .setPromptId(promptId).setText("a blue square at the top").setFilterScores(List.of()).setClusterId(0)
                .setCheckpointId(checkpointId).setPromptCount(2).setImagesPerPrompt(1)
                .build();
    }

    /** A real PNG whose header now says width x height (its CRC fixed, so only the size is wrong). */
    private static byte[] declaring(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer.wrap(out, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17); // "IHDR" and its 13 bytes of data
        ByteBuffer.wrap(out, 29, 4).putInt((int) crc.getValue());
        return out;
    }

    /** A checkpoint of the small architecture whose header declares its first tensor 100,000 x 100,000. */
    private static byte[] checkpointDeclaringHugeTensor() throws Exception {
        ModelConfig d = ModelConfig.defaults(32);
        byte[] bytes;
        try (DiffusionModel model = DiffusionModel.create(d, 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointIO.write(model, null, null, "bomb", out);
            bytes = out.toByteArray();
        }
        // 8 magic bytes, the header length, the JSON header; then the payload, of which a bomb needs none.
        int length = ByteBuffer.wrap(bytes, 8, 4).getInt();
        String header = new String(bytes, 12, length, StandardCharsets.UTF_8);
        byte[] json = header.replaceFirst("\"shape\":\\[[0-9,]*\\]", "\"shape\":[" + HUGE + "," + HUGE + "]")
                .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + json.length).put(bytes, 0, 8).putInt(json.length).put(json).array();
    }

    private List<DeadLetters.Letter> letters(Topic<String, ?> topic) {
        return new DeadLetters(stack.kafkaBootstrapServers()).list(topic);
    }

    private Set<String> scoredImages() {
        return runIdsOn(Topics.SCORES_COMPUTED, e -> e.getMeta().getRunId(), ScoresComputed::getImageId);
    }

    private Set<String> generatedPrompts() {
        return runIdsOn(Topics.IMAGES_GENERATED, e -> e.getMeta().getRunId(), ImageGenerated::getPromptId);
    }

    /** The ids {@code id} reads off this run's events on {@code topic}. */
    private <V extends org.apache.avro.specific.SpecificRecord> Set<String> runIdsOn(
            Topic<String, V> topic, java.util.function.Function<V, String> run, java.util.function.Function<V, String> id) {
        Set<String> ids = new HashSet<>();
        TopicScan.decodeAll(stack.kafkaBootstrapServers(), topic, e -> {
            if (runId.equals(run.apply(e))) {
                ids.add(id.apply(e));
            }
        });
        return ids;
    }
}
