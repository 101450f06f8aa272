package dev.rsidiff.scorer.scoring;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.blob.StoreRequests;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.listen.FailurePolicy;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.protocol.config.RunSampling;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoring stage against a real S3 server, without Kafka: events are handed to it as its batch listener would.
 * A batch is scored as its images would be one at a time (to the bit), each image is announced once however often
 * it arrives, an image whose bytes do not match its event is rejected alone, and a prompt's images, which share an
 * object, are read with one request.
 */
@ExtendWith(LocalStackExtension.class)
class ImageScoringIT {

    private static final int IMAGES = 2 * ImageScoring.SCORING_BATCH + 3;
    private static final int IMAGES_PER_PROMPT = 4;
    private static final int SHARDS = (IMAGES + IMAGES_PER_PROMPT - 1) / IMAGES_PER_PROMPT;

    @Test
    void aBatchIsScoredAsItsImagesAloneAnnouncedOnceAndABadImageIsRejectedAlone(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given a round's images in the store, the last one's event naming bytes it does not have
            String run = "run-" + UUID.randomUUID();
            RunConfig config = RunConfigs.defaults();
            new RunConfigStore(blobs).save(run, config);
            List<ImageGenerated> images = storedImages(blobs, run, config);
            ImageGenerated bad = images.get(IMAGES - 1);
            bad.setImage(BlobRef.newBuilder(bad.getImage()).setSha256("0".repeat(64)).build());

            List<ScoresComputed> published = new CopyOnWriteArrayList<>();
            try (ImageScoring scoring = new ImageScoring(blobs, new RunConfigStore(blobs),
                    new EventMetas(ServiceName.SCORER_SERVICE), published::add)) {
                // When they arrive as one batch with two of them twice
                List<ImageGenerated> batch = new ArrayList<>(images);
                batch.add(images.get(3));
                batch.add(images.get(IMAGES - 2));
                long getsBefore = blobs.requests().of(StoreRequests.Kind.GET);
                Map<ImageGenerated, RuntimeException> rejected = scoring.accept(batch);
                long gets = blobs.requests().of(StoreRequests.Kind.GET) - getsBefore;

                // Then every good image is announced once, and the bad one is rejected as the record's fault
                assertThat(published).extracting(ScoresComputed::getImageId).doesNotHaveDuplicates()
                        .hasSize(IMAGES - 1).doesNotContain(bad.getImageId());
                assertThat(rejected).containsOnlyKeys(bad);
                assertThat(rejected.get(bad)).hasMessageContaining(bad.getImage().getKey()).hasMessageContaining("failed verification");
                assertThat(FailurePolicy.isRecordFault(rejected.get(bad))).isTrue();
                // each prompt's images read with one request (and the run's configuration once), not one each
                assertThat(gets).as("object reads for %d images in %d shards", IMAGES, SHARDS).isEqualTo(SHARDS + 1);
                assertThat(published).allSatisfy(s -> assertThat(s.getScores())
                        .extracting(score -> score.getScorer()).containsExactlyElementsOf(config.getScorers()));

                // When the batch is delivered again, and then its images one at a time
                assertThat(scoring.accept(images.subList(0, IMAGES - 1))).isEmpty();
                images.subList(0, IMAGES - 1).forEach(i -> scoring.accept(List.of(i)));

                // Then nothing more is announced
                assertThat(published).hasSize(IMAGES - 1);
            }

            // And another run that scores the same images one at a time gets the same scores, to the bit
            String alone = "run-" + UUID.randomUUID();
            new RunConfigStore(blobs).save(alone, config);
            List<ScoresComputed> oneByOne = new CopyOnWriteArrayList<>();
            try (ImageScoring scoring = new ImageScoring(blobs, new RunConfigStore(blobs),
                    new EventMetas(ServiceName.SCORER_SERVICE), oneByOne::add)) {
                for (ImageGenerated image : images.subList(0, IMAGES - 1)) {
                    ImageGenerated copy = ImageGenerated.newBuilder(image)
                            .setMeta(new EventMetas(ServiceName.GENERATOR_SERVICE).next(alone, 1)).build();
                    assertThat(scoring.accept(List.of(copy))).isEmpty();
                }
            }
            assertThat(byImage(oneByOne)).isEqualTo(byImage(published));
        }
    }

    private static Map<String, List<Double>> byImage(List<ScoresComputed> scores) {
        return scores.stream().collect(Collectors.toMap(ScoresComputed::getImageId,
                s -> s.getScores().stream().map(score -> score.getValue()).toList()));
    }

    /**
     * A round's images stored as the generator stores them: each prompt's images in one object
     * (a header before each image, as in a tar shard), each event naming its image's range.
     */
    private static List<ImageGenerated> storedImages(BlobStore blobs, String run, RunConfig config) {
        SceneSampler scenes = new SceneSampler(7);
        SceneRenderer renderer = new SceneRenderer(32);
        EventMetas metas = new EventMetas(ServiceName.GENERATOR_SERVICE);
        List<ImageGenerated> out = new ArrayList<>();
        for (int p = 0; p * IMAGES_PER_PROMPT < IMAGES; p++) {
            String promptId = RoundIds.promptId(run, 1, p);
            BlobKey shard = BlobKeys.imageShard(run, 1, promptId);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int j = 0; j < IMAGES_PER_PROMPT && p * IMAGES_PER_PROMPT + j < IMAGES; j++) {
                int i = p * IMAGES_PER_PROMPT + j;
                byte[] png = Images.png(renderer.render(scenes.next()));
                bytes.writeBytes(("header of image " + j).getBytes(StandardCharsets.US_ASCII));
                StoredBlob range = new StoredBlob(shard, Sha256.hex(png), png.length, bytes.size());
                bytes.writeBytes(png);
                out.add(ImageGenerated.newBuilder()
                        .setMeta(metas.next(run, 1))
                        .setPromptId(promptId).setPromptText(i % 2 == 0 ? "a red circle" : "a small blue square on the left")
                        .setImageId(RoundIds.imageId(promptId, j))
                        .setImage(range.toRef())
                        .setSeed(i).setSampling(RunSampling.recorded(config)).setCheckpointId(config.getBaseCheckpointId())
                        .setExpectedImages(IMAGES).setWidthPx(32).setHeightPx(32)
                        .build());
            }
            blobs.put(shard, bytes.toByteArray(), "application/x-tar");
        }
        return out;
    }
}
