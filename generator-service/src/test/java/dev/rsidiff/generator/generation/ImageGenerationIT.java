package dev.rsidiff.generator.generation;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * would. Images stored by an attempt that failed to announce them are reused by the retry, not drawn again, and
 * every prompt's images are announced once however often the prompt arrives.
 */
@ExtendWith(LocalStackExtension.class)
class ImageGenerationIT {

    private static final int PROMPTS = 2;
    private static final int IMAGES = 2;

    @Test
    void imagesOfAnInterruptedAttemptAreReusedAndEachPromptIsAnnouncedOnce(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
             ModelCache models = new ModelCache(new CheckpointStore(blobs, new CheckpointCatalog(),
                     Duration.ofSeconds(1)))) {
            blobs.ensureBucket();
            // Given a run's round-1 prompts, and a broker that fails the first attempt to publish their images
            String run = "run-" + UUID.randomUUID();
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
                // When the prompts arrive and fail, one stored image is replaced (so a redraw would show),
                assertThatThrownBy(() -> generation.accept(prompts)).hasMessageContaining("broker down");
                ImageGenerated replaced = firstAttempt.get(1);
                StoredBlob other = blobs.put(BlobKeys.image(run, 1, replaced.getImageId()),
                        blobs.read(StoredBlob.of(firstAttempt.get(0).getImage())), "image/png");
                // and they arrive again with the broker back
                brokerDown.set(false);
                assertThat(generation.accept(prompts)).isEmpty();

                // Then every image is announced once, with the bytes found in the store, not drawn again (the
                // first attempt stopped at its first failed publish: the prompts it reached are compared)
                assertThat(published).hasSize(PROMPTS * IMAGES)
                        .extracting(ImageGenerated::getImageId).doesNotHaveDuplicates();
                Map<String, String> expected = new HashMap<>(shaByImage(firstAttempt));
                expected.put(replaced.getImageId(), other.sha256());
                assertThat(shaByImage(published)).containsAllEntriesOf(expected);

                // When the prompts are delivered again, twice in one batch, and then one at a time
                List<PromptFiltered> twice = new ArrayList<>(prompts);
                twice.addAll(prompts);
                assertThat(generation.accept(twice)).isEmpty();
                prompts.forEach(p -> generation.accept(List.of(p)));

                // Then nothing more is announced
                assertThat(published).hasSize(PROMPTS * IMAGES);
            }
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
