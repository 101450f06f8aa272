package dev.rsidiff.weighting.round;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.schemas.RecordFault;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.score.Score;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.SampleOrigin;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.MovableClock;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The weighting stage against a real S3 server, without Kafka: events are handed to it as its listener would.
 * A round is announced once, however often its scores arrive, and a round whose last image never comes is
 * completed after the grace period without it. A run with the review gate assigns no weight until its selection is
 * approved, never trains on what the reviewer excluded, and waits or proceeds at its deadline as it says.
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
            List<ScoresComputed> scores = scoredImages(blobs, run, config, 1, config.getBaseCheckpointId());
            ScoresComputed lost = scores.remove(5);
            List<WeightsAssigned> published = new CopyOnWriteArrayList<>();
            MovableClock clock = new MovableClock();
            RoundWeighting weighting = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending -> { }, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);

            // When five scores arrive, one of them twice, then nothing for less than the grace period
            scores.forEach(weighting::accept);
            weighting.accept(scores.get(2));
            clock.advance(GRACE.minusSeconds(1));
            weighting.completeOverdue();

            // Then nothing is announced yet
            assertThat(published).isEmpty();

            // When the grace period has passed
            clock.advance(Duration.ofSeconds(2));
            weighting.completeOverdue();

            // Then the round's top 2 are announced, each naming its image's range of its prompt's shard as the
            // score did, and the manifest names the missing image
            assertThat(published).hasSize(2);
            Map<String, BlobRef> scoredImage = new HashMap<>();
            scores.forEach(s -> scoredImage.put(s.getImageId(), s.getImage()));
            assertThat(published).allSatisfy(w -> {
                assertThat(w.getImage()).isEqualTo(scoredImage.get(w.getImageId()));
                assertThat(w.getImage().getOffsetBytes()).isPositive();
            });
            WeightManifest manifest = Manifests.fromJson(blobs.readIfExists(BlobKeys.weightsManifest(run, 1)).orElseThrow().bytes(), WeightManifest.class, "manifest");
            assertThat(manifest.missing()).containsExactly(lost.getImageId());
            assertThat(manifest.missingReason()).contains("PT5M").contains("dead-lettered");
            assertThat(manifest.poolSize()).isEqualTo(5);

            // When the lost image's score arrives late, a score is redelivered, and the check runs again
            weighting.accept(lost);
            weighting.accept(scores.get(0));
            clock.advance(GRACE.multipliedBy(2));
            weighting.completeOverdue();

            // Then nothing more is announced
            assertThat(published).hasSize(2);

            // And a restarted instance that reloads the open rounds finds none left to finish
            RoundWeighting restarted = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending -> { }, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);
            restarted.partitionsAssigned();
            clock.advance(GRACE.multipliedBy(2));
            restarted.completeOverdue();
            assertThat(published).hasSize(2);
        }
    }

    @Test
    void scoresInBatchesAnnounceWhatTheyWouldOneByOneAndAnUnknownRunsScoreIsRejectedAlone(StackEndpoints stack) {
        String oneByOne = "run-" + UUID.randomUUID();
        String batched = "run-" + UUID.randomUUID();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given two runs with the same settings and the same images, 4 prompts x 4 images, top 4
            RunConfig config = RunConfigs.apply(RunConfigs.defaults(), Map.of("promptsPerRound", "4",
                    "imagesPerPrompt", "4", "topK", "4", "scoreFloors", ""));
            new RunConfigStore(blobs).save(oneByOne, config);
            new RunConfigStore(blobs).save(batched, config);
            List<ScoresComputed> single = scoredImages(blobs, oneByOne, config, 1, config.getBaseCheckpointId());
            List<ScoresComputed> inBatches = scoredImages(blobs, batched, config, 1, config.getBaseCheckpointId());
            ScoresComputed unknown = ScoresComputed.newBuilder(inBatches.get(0))
                    .setMeta(new EventMetas(ServiceName.SCORER_SERVICE).next("run-unknown-" + UUID.randomUUID(), 1))
                    .setExpectedImages(1).build();
            List<WeightsAssigned> published = new CopyOnWriteArrayList<>();
            RoundWeighting weighting = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending -> { }, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, new MovableClock());

            // When one run's scores arrive one at a time
            single.forEach(weighting::accept);
            List<WeightsAssigned> first = List.copyOf(published);
            published.clear();
            // And the other's in batches of up to 6, each but the first beginning with the previous batch's last
            // score again (redelivered), the first also holding a score of a run nobody started
            Map<ScoresComputed, RuntimeException> rejected = new java.util.LinkedHashMap<>();
            for (int from = 0; from < inBatches.size(); from += 5) {
                List<ScoresComputed> batch = new ArrayList<>(inBatches.subList(Math.max(0, from - 1),
                        Math.min(inBatches.size(), from + 5)));
                if (from == 0) {
                    batch.add(1, unknown);
                }
                rejected.putAll(weighting.accept(batch));
            }

            // Then only the unknown run's score is rejected, as its own fault
            assertThat(rejected).containsOnlyKeys(unknown);
            assertThat(rejected.get(unknown)).isInstanceOf(RecordFault.class).hasMessageContaining("run-unknown-");
            // And the batched run's round is announced once, with the selection and the weights of the other
            assertThat(first).hasSize(4);
            assertThat(published).extracting(w -> List.<Object>of(w.getSelectionRank(), w.getWeight(), w.getDistance(),
                            w.getPromptId().substring(batched.length())))
                    .containsExactlyElementsOf(first.stream().map(w -> List.<Object>of(w.getSelectionRank(),
                            w.getWeight(), w.getDistance(), w.getPromptId().substring(oneByOne.length()))).toList());
        }
    }

    @Test
    void aLaterRoundReplaysBaseSamplesBesideItsSelectedOnesWithCalibratedEq5Weights(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given a run of 8 prompts x 4 images, the best 1 per prompt, one base sample replayed per selected one
            RunConfig config = RunConfigs.apply(RunConfigs.defaults(), Map.of("promptsPerRound", "8",
                    "imagesPerPrompt", "4", "topK", "8", "baseReplay", "1", "scoreFloors", ""));
            new RunConfigStore(blobs).save(run, config);
            List<WeightsAssigned> published = new CopyOnWriteArrayList<>();
            RoundWeighting weighting = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending -> { }, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, new MovableClock());

            // When the first round's scores arrive, then the second round's (generated by round 1's checkpoint)
            List<ScoresComputed> base = scoredImages(blobs, run, config, 1, config.getBaseCheckpointId());
            base.forEach(weighting::accept);
            List<WeightsAssigned> first = List.copyOf(published);
            published.clear();
            List<ScoresComputed> second = scoredImages(blobs, run, config, 2, "ck-0000000000000001");
            second.forEach(weighting::accept);
            second.forEach(weighting::accept); // redelivered: changes nothing

            // Then the first round trains on its 8 selected samples only: there is nothing earlier to replay
            assertThat(first).hasSize(8).allMatch(w -> w.getOrigin() == SampleOrigin.SELECTED)
                    .allMatch(w -> w.getSelectedCount() == 8);
            // And the second on its 8 selected samples and 8 distinct base samples, all counted in selectedCount
            assertThat(published).hasSize(16).allMatch(w -> w.getSelectedCount() == 16)
                    .allMatch(w -> w.getCheckpointId().equals("ck-0000000000000001"));
            List<String> baseIds = base.stream().map(ScoresComputed::getImageId).toList();
            List<WeightsAssigned> replayed = published.stream()
                    .filter(w -> w.getOrigin() == SampleOrigin.BASE_REPLAY).toList();
            assertThat(replayed).hasSize(8).extracting(WeightsAssigned::getImageId).doesNotHaveDuplicates()
                    .allMatch(baseIds::contains);
            assertThat(published.stream().filter(w -> w.getOrigin() == SampleOrigin.SELECTED))
                    .extracting(WeightsAssigned::getImageId)
                    .allMatch(id -> second.stream().anyMatch(s -> s.getImageId().equals(id)));
            assertThat(replayed).extracting(WeightsAssigned::getSelectionRank).containsExactly(9, 10, 11, 12, 13, 14, 15, 16);

            // And sigma^2 is calibrated from D_0, recorded in the manifest, and every weight is Eq. 5's
            WeightManifest manifest = Manifests.fromJson(blobs.readIfExists(BlobKeys.weightsManifest(run, 2)).orElseThrow().bytes(), WeightManifest.class, "manifest");
            assertThat(manifest.sigma2Source()).startsWith("calibrated from D_0");
            assertThat(manifest.sigma2()).isNotEqualTo(config.getSigma2()).isPositive();
            assertThat(manifest.replayed()).hasSize(8);
            for (WeightsAssigned w : published) {
                double expected = w.getDistance() <= w.getBeta() ? 1 : Math.exp(-(w.getDistance() - w.getBeta()) / w.getSigma2());
                assertThat(w.getWeight()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    @Test
    void aReviewedRoundAssignsNoWeightUntilApprovedAndNeverTrainsOnWhatTheReviewerExcluded(StackEndpoints stack) {
        String run = "run-" + UUID.randomUUID();
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given a reviewed run of 4 prompts x 2 images, the best 1 per prompt
            RunConfig config = RunConfigs.apply(RunConfigs.defaults(), Map.of("promptsPerRound", "4",
                    "imagesPerPrompt", "2", "topK", "4", "scoreFloors", "", "review", "true"));
            new RunConfigStore(blobs).save(run, config);
            List<WeightsAssigned> published = new CopyOnWriteArrayList<>();
            List<SelectionPending> pending = new CopyOnWriteArrayList<>();
            MovableClock clock = new MovableClock();
            RoundWeighting weighting = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending::add, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);

            // When every score arrives, one twice, and the open rounds are checked
            List<ScoresComputed> scores = scoredImages(blobs, run, config, 1, config.getBaseCheckpointId());
            scores.forEach(weighting::accept);
            weighting.accept(scores.get(3));
            weighting.completeOverdue();

            // Then the selection is published as pending, once, and no weight is assigned
            assertThat(published).isEmpty();
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).getSelectedCount()).isEqualTo(4);
            assertThat(pending.get(0).getManifestKey()).isEqualTo(BlobKeys.weightsManifest(run, 1).value());
            WeightManifest before = manifest(blobs, run, 1);
            assertThat(before.awaitingReview()).isTrue();
            List<String> selected = before.selected().stream().map(WeightManifest.Selected::imageId).toList();
            assertThat(selected).hasSize(4);

            // And approvals that do not fit the selection are refused as the record's fault, naming what is wrong
            assertThatThrownBy(() -> weighting.reviewed(approval(run, 1, "ana", List.of("not-selected"))))
                    .isInstanceOf(RecordFault.class).hasMessageContaining("[not-selected]");
            assertThatThrownBy(() -> weighting.reviewed(approval(run, 1, "ana", selected)))
                    .isInstanceOf(RecordFault.class).hasMessageContaining("excludes all 4 selected samples");
            assertThatThrownBy(() -> weighting.reviewed(approval(run, 1, " ", List.of())))
                    .isInstanceOf(RecordFault.class).hasMessageContaining("names no reviewer");
            assertThatThrownBy(() -> weighting.reviewed(approval(run, 2, "ana", List.of())))
                    .isInstanceOf(RecordFault.class).hasMessageContaining("has no selection under review");
            assertThat(published).isEmpty();

            // When ana approves it, excluding the second selected sample
            String rejected = selected.get(1);
            SelectionReviewed byAna = approval(run, 1, "ana", List.of(rejected));
            weighting.reviewed(byAna);

            // Then the other three are assigned, each telling the trainer to expect three
            assertThat(published).hasSize(3).allMatch(w -> w.getSelectedCount() == 3)
                    .extracting(WeightsAssigned::getImageId).doesNotContain(rejected)
                    .containsExactlyInAnyOrderElementsOf(selected.stream().filter(id -> !id.equals(rejected)).toList());
            // And the manifest records who excluded what
            WeightManifest after = manifest(blobs, run, 1);
            assertThat(after.review().status()).isEqualTo(WeightManifest.ReviewStatus.APPROVED);
            assertThat(after.review().reviewer()).isEqualTo("ana");
            assertThat(after.review().excluded()).singleElement().satisfies(x -> {
                assertThat(x.sample().imageId()).isEqualTo(rejected);
                assertThat(x.excludedBy()).isEqualTo("ana");
            });
            assertThat(after.selected()).hasSize(3);
            assertThat(after.weights().count()).isEqualTo(3);

            // When ana's approval is redelivered, bob approves too, a score is redelivered, and a restarted instance
            // checks its open rounds
            weighting.reviewed(byAna);
            weighting.reviewed(approval(run, 1, "bob", List.of()));
            weighting.accept(scores.get(0));
            RoundWeighting restarted = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending::add, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);
            restarted.partitionsAssigned();
            clock.advance(Duration.ofDays(2));
            restarted.completeOverdue();

            // Then nothing more is published
            assertThat(published).hasSize(3);
            assertThat(pending).hasSize(1);
        }
    }

    @Test
    void aSelectionNobodyReviewsWaitsOrProceedsAtItsDeadlineAsTheRunSays(StackEndpoints stack) {
        try (BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null))) {
            blobs.ensureBucket();
            // Given two reviewed runs with a 60 s deadline, one that waits and one that proceeds
            String waits = "run-" + UUID.randomUUID();
            String proceeds = "run-" + UUID.randomUUID();
            Map<String, String> small = Map.of("promptsPerRound", "3", "imagesPerPrompt", "2", "topK", "3",
                    "scoreFloors", "", "review", "true", "reviewTimeoutSeconds", "60");
            RunConfig waitConfig = RunConfigs.apply(RunConfigs.apply(RunConfigs.defaults(), small),
                    Map.of("onReviewTimeout", "WAIT"));
            RunConfig proceedConfig = RunConfigs.apply(RunConfigs.apply(RunConfigs.defaults(), small),
                    Map.of("onReviewTimeout", "PROCEED"));
            new RunConfigStore(blobs).save(waits, waitConfig);
            new RunConfigStore(blobs).save(proceeds, proceedConfig);
            List<WeightsAssigned> published = new CopyOnWriteArrayList<>();
            MovableClock clock = new MovableClock();
            RoundWeighting weighting = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending -> { }, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);
            scoredImages(blobs, waits, waitConfig, 1, waitConfig.getBaseCheckpointId()).forEach(weighting::accept);
            scoredImages(blobs, proceeds, proceedConfig, 1, proceedConfig.getBaseCheckpointId())
                    .forEach(weighting::accept);

            // When 59 s pass, and the instance is replaced by one that reloads the rounds under review
            clock.advance(Duration.ofSeconds(59));
            weighting.completeOverdue();
            assertThat(published).isEmpty();
            RoundWeighting restarted = new RoundWeighting(blobs, new RunConfigStore(blobs), encoder, published::add,
                    pending -> { }, new EventMetas(ServiceName.WEIGHTING_SERVICE), GRACE, clock);
            restarted.partitionsAssigned();

            // And the deadline passes
            clock.advance(Duration.ofSeconds(2));
            restarted.completeOverdue();
            restarted.completeOverdue();

            // Then the run that proceeds trains on its whole selection, marked unreviewed; the other still waits
            assertThat(published).hasSize(3).allMatch(w -> w.getMeta().getRunId().equals(proceeds));
            assertThat(manifest(blobs, proceeds, 1).review().status())
                    .isEqualTo(WeightManifest.ReviewStatus.PROCEEDED_UNREVIEWED);
            assertThat(manifest(blobs, waits, 1).awaitingReview()).isTrue();

            // When a late approval of the proceeded round comes, and the waiting run is approved a day late
            restarted.reviewed(approval(proceeds, 1, "ana", List.of()));
            clock.advance(Duration.ofDays(1));
            restarted.reviewed(approval(waits, 1, "ana", List.of()));

            // Then the late approval changes nothing, and the waiting run trains on its approved selection
            assertThat(published).hasSize(6);
            assertThat(published.stream().filter(w -> w.getMeta().getRunId().equals(waits))).hasSize(3);
            assertThat(manifest(blobs, waits, 1).review().status()).isEqualTo(WeightManifest.ReviewStatus.APPROVED);
        }
    }

    private static WeightManifest manifest(BlobStore blobs, String run, int round) {
        return Manifests.fromJson(blobs.readIfExists(BlobKeys.weightsManifest(run, round)).orElseThrow().bytes(),
                WeightManifest.class, "manifest");
    }

    private static SelectionReviewed approval(String run, int round, String reviewer, List<String> excluded) {
        return SelectionReviewed.newBuilder()
                .setMeta(new EventMetas(ServiceName.RUN_CONTROL).next(run, round))
                .setReviewer(reviewer)
                .setExcludedImageIds(excluded)
                .build();
    }

    /**
     * Renders one image per planned id, stores each prompt's images in one object as the generator does (a header
     * before each image, each score naming its image's range), and scores them (higher for lower ids).
     */
    private static List<ScoresComputed> scoredImages(BlobStore blobs, String run, RunConfig config, int round,
                                                     String checkpointId) {
        SceneSampler scenes = new SceneSampler(10 + round);
        SceneRenderer renderer = new SceneRenderer(32);
        List<ScoresComputed> out = new ArrayList<>();
        EventMetas metas = new EventMetas(ServiceName.SCORER_SERVICE);
        int expected = config.getPromptsPerRound() * config.getImagesPerPrompt();
        for (int p = 0; p < config.getPromptsPerRound(); p++) {
            String promptId = RoundIds.promptId(run, round, p);
            BlobKey shard = BlobKeys.imageShard(run, round, promptId);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < config.getImagesPerPrompt(); i++) {
                String imageId = RoundIds.imageId(promptId, i);
                byte[] png = Images.png(renderer.render(scenes.next()));
                bytes.writeBytes(("header of " + imageId).getBytes(StandardCharsets.US_ASCII));
                StoredBlob image = new StoredBlob(shard, Sha256.hex(png), png.length, bytes.size());
                bytes.writeBytes(png);
                double value = 1.0 - out.size() * 0.1;
                out.add(ScoresComputed.newBuilder()
                        .setMeta(metas.next(run, round))
                        .setImageId(imageId).setPromptId(promptId).setPromptText("a red circle")
                        .setImage(image.toRef())
                        .setCheckpointId(checkpointId)
                        .setScores(config.getScorers().stream().map(s -> new Score(s, "v1", value)).toList())
                        .setExpectedImages(expected)
                        .build());
            }
            blobs.put(shard, bytes.toByteArray(), "application/x-tar");
        }
        return out;
    }
}
