package dev.rsidiff.trainer.training;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.bus.listen.FailurePolicy;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.weight.SampleOrigin;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.LocalStackExtension;
import dev.rsidiff.stack.MovableClock;
import dev.rsidiff.stack.StackEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training stage against a real S3 server, without Kafka: events are handed to it as its listener would. A
 * round whose last weighted sample never comes (dead-lettered on the way) is trained on what arrived once the grace
 * period has passed, announced once, and its training note says how many samples were missing.
 */
@ExtendWith(LocalStackExtension.class)
class RoundTrainingIT {

    private static final Duration GRACE = Duration.ofMinutes(5);

    @Test
    void aRoundMissingAWeightIsTrainedOnTheRestAfterTheGracePeriod(StackEndpoints stack) {
        try (BlobStore blobs = store(stack)) {
            // Given a round of 4 selected samples from G0, whose fourth weight was dead-lettered on the way
            String run = runWithOneStepOfTraining(blobs);
            List<WeightsAssigned> weights = weightedSamples(blobs, run, 4);
            weights.remove(3);
            List<CheckpointPublished> published = new CopyOnWriteArrayList<>();
            MovableClock clock = new MovableClock();
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            List<String> heapReleases = new CopyOnWriteArrayList<>();
            RoundTraining training = new RoundTraining(blobs, new RunConfigStore(blobs), checkpoints, published::add,
                    new EventMetas(ServiceName.TRAINER_SERVICE), GRACE, clock,
                    new Announcements(blobs, RoundTraining.STAGE), heapReleases::add);

            // When three weights arrive, one of them twice, then nothing for less than the grace period
            weights.forEach(training::accept);
            training.accept(weights.get(1));
            clock.advance(GRACE.minusSeconds(1));
            training.completeOverdue();

            // Then nothing is trained yet
            assertThat(published).isEmpty();
            assertThat(heapReleases).isEmpty();

            // When the grace period has passed
            clock.advance(Duration.ofSeconds(2));
            training.completeOverdue();

            // Then the round's checkpoint is trained on the 3 samples that came, and the note says 1 was missing
            assertThat(published).hasSize(1);
            assertThat(published.get(0).getParentId()).isEqualTo(BaseModel.ID);
            assertThat(published.get(0).getStats().getSamples()).isEqualTo(3);
            TrainingNote note = TrainingNote.fromJson(checkpoints.storedFor(run, 1).orElseThrow().header().note());
            assertThat(note.missing()).isEqualTo(1);
            assertThat(note.missingReason()).contains("PT5M").contains("dead-lettered");
            assertThat(heapReleases).containsExactly("training round 1 of " + run);

            // And a late weight, a redelivery and a restarted instance's check announce nothing more
            training.accept(weights.get(0));
            RoundTraining restarted = new RoundTraining(blobs, new RunConfigStore(blobs), checkpoints, published::add,
                    new EventMetas(ServiceName.TRAINER_SERVICE), GRACE, clock);
            restarted.partitionsAssigned();
            clock.advance(GRACE.multipliedBy(2));
            restarted.completeOverdue();
            assertThat(published).hasSize(1);
            assertThat(heapReleases).hasSize(1);
        }
    }

    @Test
    void anImageChangedInTheStoreAfterItWasAnnouncedIsRefusedAndTheRestIsTrainedOn(StackEndpoints stack) {
        try (BlobStore blobs = store(stack)) {
            // Given a round of 4 selected samples whose second image was overwritten after its weight was announced
            String run = runWithOneStepOfTraining(blobs);
            List<WeightsAssigned> weights = weightedSamples(blobs, run, 4);
            WeightsAssigned changed = weights.get(1);
            blobs.put(StoredBlob.of(changed.getImage()).key(),
                    Images.png(new SceneRenderer(32).render(new SceneSampler(99).next())), "image/png");
            List<CheckpointPublished> published = new CopyOnWriteArrayList<>();
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            RoundTraining training = new RoundTraining(blobs, new RunConfigStore(blobs), checkpoints, published::add,
                    new EventMetas(ServiceName.TRAINER_SERVICE), GRACE, new MovableClock());

            // When all four weights arrive
            weights.forEach(training::accept);

            // Then the round is trained on the three images that verify, and the note names the one refused
            assertThat(published).hasSize(1);
            assertThat(published.get(0).getStats().getSamples()).isEqualTo(3);
            TrainingNote note = TrainingNote.fromJson(checkpoints.storedFor(run, 1).orElseThrow().header().note());
            assertThat(note.refused()).containsExactly(changed.getImageId());
            assertThat(note.missing()).isZero();
        }
    }

    @Test
    void aSampleOfAnUnknownRunIsRefusedWithoutLeavingAnOpenRoundBehind(StackEndpoints stack) {
        try (BlobStore blobs = store(stack)) {
            // Given a round of 2 selected samples, and 2 samples of a run that has no configuration in the store
            String run = runWithOneStepOfTraining(blobs);
            List<WeightsAssigned> weights = weightedSamples(blobs, run, 2);
            String unknownRun = "run-" + UUID.randomUUID();
            List<WeightsAssigned> strays = weightedSamples(blobs, unknownRun, 2);
            List<CheckpointPublished> published = new CopyOnWriteArrayList<>();
            MovableClock clock = new MovableClock();
            CheckpointStore checkpoints = new CheckpointStore(blobs, new CheckpointCatalog(), Duration.ofSeconds(1));
            RoundTraining training = new RoundTraining(blobs, new RunConfigStore(blobs), checkpoints, published::add,
                    new EventMetas(ServiceName.TRAINER_SERVICE), GRACE, clock);

            // When the strays arrive between the round's samples
            training.accept(weights.get(0));
            List<RuntimeException> refused = new ArrayList<>();
            for (WeightsAssigned stray : strays) {
                try {
                    training.accept(stray);
                } catch (RuntimeException e) {
                    refused.add(e);
                }
            }
            training.accept(weights.get(1));

            // Then each stray is refused as the record's fault (an unknown run, to be dead-lettered), naming the run
            assertThat(refused).hasSize(2).allSatisfy(e -> assertThat(FailurePolicy.isRecordFault(e)).isTrue())
                    .allSatisfy(e -> assertThat(e).hasMessageContaining(unknownRun));
            // And the round is trained once
            assertThat(published).hasSize(1);

            // And no open round is left behind: the grace period's check passes over nothing
            clock.advance(GRACE.plusSeconds(1));
            training.completeOverdue();
            assertThat(published).hasSize(1);
        }
    }

    private static BlobStore store(StackEndpoints stack) {
        BlobStore blobs = new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(),
                stack.secretKey(), stack.bucket(), null));
        blobs.ensureBucket();
        return blobs;
    }

    /** A new run whose rounds train for one step, so that a test's round trains in a second. */
    private static String runWithOneStepOfTraining(BlobStore blobs) {
        String run = "run-" + UUID.randomUUID();
        new RunConfigStore(blobs).save(run, RunConfigs.apply(RunConfigs.defaults(), Map.of("epochs", "1",
                "minSteps", "1", "batchSize", "4", "anchorStrength", "0", "warmupSteps", "0")));
        return run;
    }

    /** Renders and stores one image per sample of round 1 and weighs each 1, all selected from G0's pool. */
    private static List<WeightsAssigned> weightedSamples(BlobStore blobs, String run, int count) {
        SceneSampler scenes = new SceneSampler(11);
        SceneRenderer renderer = new SceneRenderer(32);
        EventMetas metas = new EventMetas(ServiceName.WEIGHTING_SERVICE);
        List<WeightsAssigned> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String promptId = RoundIds.promptId(run, 1, i);
            String imageId = RoundIds.imageId(promptId, 0);
            StoredBlob image = blobs.put(BlobKeys.image(run, 1, imageId), Images.png(renderer.render(scenes.next())),
                    "image/png");
            out.add(WeightsAssigned.newBuilder()
                    .setMeta(metas.next(run, 1))
                    .setImageId(imageId).setPromptId(promptId).setPromptText("a red circle on the left")
                    .setImage(image.toRef())
                    .setDistance(1.0).setWeight(1.0).setBeta(2.0).setSigma2(1.0)
                    .setSelectionRank(i + 1).setSelectedCount(count)
                    .setCheckpointId(BaseModel.ID)
                    .setOrigin(SampleOrigin.SELECTED)
                    .build());
        }
        return out;
    }
}
