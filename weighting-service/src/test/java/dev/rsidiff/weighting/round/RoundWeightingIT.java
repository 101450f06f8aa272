package dev.rsidiff.weighting.round;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weighting stage against a real S3 server, without Kafka: events are handed to it as its listener would.
 * A round is announced once, however often its scores arrive, and a round whose last image never comes is
 * completed after the grace period without it.
 */
@ExtendWith(LocalStackExtension.class)
class RoundWeightingIT {

    private static final Duration GRACE = Duration.ofMinutes(5);
    private static ImageEncoder encoder;

    @BeforeAll
    static void loadEncoder() {
        encoder = ImageEncoder.ofBaseModel();
    }

    @AfterAll
    static void closeEncoder() {
        encoder.close();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRoundIsAnnouncedOnceAndARoundMissingAnImageCompletesAfterTheGracePeriod(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given a round of 3 prompts x 2 images, top 2, whose sixth image was dead-lettered upstream
            RunConfig config = RunConfigs.apply(RunConfigs.defaults(), Map.of("promptsPerRound", "3",
                    "imagesPerPrompt", "2", "topK", "2"));
            new RunConfigStore(blobs).save(run, config);
            List<ScoresComputed> scores = scoredImages(blobs, run, config);
            ScoresComputed lost = scores.remove(5);
            List<WeightsAssigned> published = new CopyOnWriteArrayList<>();
            MovableClock clock = new MovableClock();
            RoundWeighting weighting = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);

            // When five scores arrive, one of them twice, then nothing for less than the grace period
            scores.forEach(weighting::accept);
            weighting.accept(scores.get(2));
            clock.now = clock.now.plus(GRACE.minusSeconds(1));
            weighting.completeOverdue();

            // Then nothing is announced yet
            assertThat(published).isEmpty();

            // When the grace period has passed
            clock.now = clock.now.plusSeconds(2);
            weighting.completeOverdue();

            // Then the round's top 2 are announced, and the manifest names the missing image
            assertThat(published).hasSize(2);
            WeightManifest manifest = Manifests.fromJson(blobs.readIfExists(BlobKeys.roundManifest(run, 1,
                    RoundWeighting.MANIFEST)).orElseThrow().bytes(), WeightManifest.class, "manifest");
            assertThat(manifest.missing()).containsExactly(lost.getImageId());
            assertThat(manifest.missingReason()).contains("PT5M").contains("dead-lettered");
            assertThat(manifest.poolSize()).isEqualTo(5);

            // When the lost image's score arrives late, a score is redelivered, and the check runs again
            weighting.accept(lost);
            weighting.accept(scores.get(0));
            clock.now = clock.now.plus(GRACE.multipliedBy(2));
            weighting.completeOverdue();

            // Then nothing more is announced
            assertThat(published).hasSize(2);

            // And a restarted instance that reloads the open rounds finds none left to finish
            RoundWeighting restarted = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);
            restarted.partitionsAssigned();
            clock.now = clock.now.plus(GRACE.multipliedBy(2));
            restarted.completeOverdue();
            assertThat(published).hasSize(2);
        }
    }

    /** Renders one image per planned id, stores it, and scores it (higher for lower ids). */
    private static List<ScoresComputed> scoredImages(BlobStore blobs, String run, RunConfig config) {
        SceneSampler scenes = new SceneSampler(11);
        SceneRenderer renderer = new SceneRenderer(32);
        List<ScoresComputed> out = new ArrayList<>();
        EventMetas metas = new EventMetas(ServiceName.SCORER_SERVICE);
        int expected = config.getPromptsPerRound() * config.getImagesPerPrompt();
        for (int p = 0; p < config.getPromptsPerRound(); p++) {
            String promptId = RoundIds.promptId(run, 1, p);
            for (int i = 0; i < config.getImagesPerPrompt(); i++) {
                String imageId = RoundIds.imageId(promptId, i);
                StoredBlob image = blobs.put(BlobKeys.image(run, 1, imageId), Images.png(renderer.render(scenes.next())),
                        "image/png");
                double value = 1.0 - out.size() * 0.1;
                out.add(ScoresComputed.newBuilder()
                        .setMeta(metas.next(run, 1))
                        .setImageId(imageId).setPromptId(promptId).setPromptText("a red circle")
                        .setImage(image.toRef())
                        .setCheckpointId(config.getBaseCheckpointId())
                        .setScores(config.getScorers().stream().map(s -> new Score(s, "v1", value)).toList())
                        .setExpectedImages(expected)
                        .build());
            }
        }
        return out;
    }
}
