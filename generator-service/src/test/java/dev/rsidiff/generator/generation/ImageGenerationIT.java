package dev.rsidiff.generator.generation;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.generator.shard.ImageShard;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generation stage against a real S3 server, without Kafka: prompts are handed to it as its batch listener
 * would. A prompt's images are stored as one shard; a shard stored by an attempt that failed to announce its images
 * is reused by the retry, not drawn again, and
 * every prompt's images are announced once however often the prompt arrives.
 */
@ExtendWith(LocalStackExtension.class)
class ImageGenerationIT {

    private static final int PROMPTS = 2;
    private static final int IMAGES = 2;

    private BlobStore blobs;
    private ModelCache models;
    private String run;

    @BeforeEach
    void open(StackEndpoints stack) {
        blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), null));
        blobs.ensureBucket();
        models = new ModelCache(new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1)));
        run = "run-" + UUID.randomUUID();
    }

    @AfterEach
    void close() {
        models.close();
        blobs.close();
    }

    @Test
    void imagesOfAnInterruptedAttemptAreReusedAndEachPromptIsAnnouncedOnce() {
        // Given a run's round-1 prompts, and a broker that fails the first attempt to publish their images
        RunConfig config = RunConfigs.defaults();
        new RunConfigStore(blobs).save(run, config);
        List<PromptFiltered> prompts = prompts(run);
        List<ImageGenerated> firstAttempt = new CopyOnWriteArrayList<>();
        List<ImageGenerated> published = new CopyOnWriteArrayList<>();
        AtomicBoolean brokerDown = new AtomicBoolean(true);
        try (ImageGeneration generation = new ImageGeneration(blobs, new RunConfigStore(blobs), models,
                new EventMetas(ServiceName.GENERATOR_SERVICE), PROMPTS * IMAGES, images -> {
                    if (brokerDown.get()) {
                        firstAttempt.addAll(images);
                        throw new IllegalStateException("broker down (test)");
                    }
                    published.addAll(images);
                })) {
            // When the prompts arrive and fail, the first prompt's shard is replaced by one with its two images
            // swapped (so a redraw would show),
            assertThatThrownBy(() -> generation.accept(prompts)).hasMessageContaining("broker down");
            ImageGenerated a = firstAttempt.get(0);
            ImageGenerated b = firstAttempt.get(1);
            assertThat(b.getPromptId()).isEqualTo(a.getPromptId());
            byte[] pngA = blobs.read(StoredBlob.of(a.getImage()));
            byte[] pngB = blobs.read(StoredBlob.of(b.getImage()));
            Map<String, byte[]> swapped = new LinkedHashMap<>();
            swapped.put(a.getImageId(), pngB);
            swapped.put(b.getImageId(), pngA);
            blobs.put(BlobKeys.imageShard(run, 1, a.getPromptId()), ImageShard.pack(swapped), "application/x-tar");
            // and they arrive again with the broker back
            brokerDown.set(false);
            assertThat(generation.accept(prompts)).isEmpty();

            // Then every image is announced once, with the bytes found in the store, not drawn again (the
            // first attempt stopped at its first failed publish: the prompt it reached is compared)
            assertThat(published).hasSize(PROMPTS * IMAGES)
                    .extracting(ImageGenerated::getImageId).doesNotHaveDuplicates();
            assertThat(shaByImage(published)).containsEntry(a.getImageId(), Sha256.hex(pngB))
                    .containsEntry(b.getImageId(), Sha256.hex(pngA));
            // each event names its image's range of the prompt's shard, which reads back as a PNG on its own
            for (ImageGenerated image : published) {
                assertThat(image.getImage().getKey())
                        .isEqualTo(BlobKeys.imageShard(run, 1, image.getPromptId()).value());
                assertThat(image.getImage().getOffsetBytes()).isPositive();
                assertThat(Images.fromPng(blobs.read(StoredBlob.of(image.getImage()))).getWidth())
                        .isEqualTo(image.getWidthPx());
            }
            assertThat(blobs.list(BlobKeys.roundPrefix(run, 1) + "images/")).as("one shard per prompt")
                    .hasSize(PROMPTS);

            // When the prompts are delivered again, twice in one batch, and then one at a time
            List<PromptFiltered> twice = new ArrayList<>(prompts);
            twice.addAll(prompts);
            assertThat(generation.accept(twice)).isEmpty();
            prompts.forEach(p -> generation.accept(List.of(p)));

            // Then nothing more is announced
            assertThat(published).hasSize(PROMPTS * IMAGES);
        }
    }

    @Test
    void aPromptWhoseStoredShardIsNotOneIsRejectedWithTheReasonAndTheOthersAreAnnounced() {
        // Given a round whose first prompt's shard key holds bytes that are not a tar archive
        new RunConfigStore(blobs).save(run, RunConfigs.defaults());
        List<PromptFiltered> prompts = prompts(run);
        BlobKey broken = BlobKeys.imageShard(run, 1, prompts.get(0).getPromptId());
        blobs.put(broken, "not a tar archive".getBytes(), "application/x-tar");
        List<ImageGenerated> published = new CopyOnWriteArrayList<>();
        try (ImageGeneration generation = new ImageGeneration(blobs, new RunConfigStore(blobs), models,
                new EventMetas(ServiceName.GENERATOR_SERVICE), PROMPTS * IMAGES, published::addAll)) {
            // When the prompts arrive
            Map<PromptFiltered, RuntimeException> rejected = generation.accept(prompts);

            // Then the first is rejected naming its shard, and the second's images are announced
            assertThat(rejected).containsOnlyKeys(prompts.get(0));
            assertThat(rejected.get(prompts.get(0))).hasMessageContaining(broken.value());
            assertThat(published).hasSize(IMAGES).extracting(ImageGenerated::getPromptId)
                    .containsOnly(prompts.get(1).getPromptId());
        }
    }

    private static Map<String, String> shaByImage(List<ImageGenerated> images) {
        return images.stream().collect(Collectors.toMap(ImageGenerated::getImageId, i -> i.getImage().getSha256()));
    }

    private static List<PromptFiltered> prompts(String run) {
        EventMetas metas = new EventMetas(ServiceName.PROMPT_SERVICE);
        List<String> texts = List.of("a red circle", "a small blue square on the left");
        List<PromptFiltered> out = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            out.add(PromptFiltered.newBuilder()
                    .setMeta(metas.next(run, 1))
                    .setPromptId(RoundIds.promptId(run, 1, i))
                    .setText(texts.get(i))
                    .setFilterScores(List.of())
                    .setClusterId(0)
                    .setCheckpointId(BaseModel.ID)
                    .setPromptCount(PROMPTS)
                    .setImagesPerPrompt(IMAGES)
                    .setPromptIndex(i)
                    .build());
        }
        return out;
    }
}
