package dev.rsidiff.control;

import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.schemas.Topics;
import dev.rsidiff.events.weight.WeightsAssigned;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What must hold after any completed run, crash or no crash. */
final class LoopChecks {

    private LoopChecks() {
    }

    /** The events per topic of a run of {@code config} with no redelivery and no crash: each written once. */
    static Map<String, Integer> cleanRunEvents(RunConfig config) {
        int rounds = config.getRounds();
        int prompts = config.getPromptsPerRound() * rounds;
        int images = prompts * config.getImagesPerPrompt();
        return Map.of(
                Topics.RUNS_STARTED.name(), 1,
                Topics.ROUNDS_PLANNED.name(), rounds,
                Topics.PROMPTS_FILTERED.name(), prompts,
                Topics.IMAGES_GENERATED.name(), images,
                Topics.SCORES_COMPUTED.name(), images,
                Topics.WEIGHTS_ASSIGNED.name(), config.getTopK() * rounds,
                Topics.CHECKPOINTS_PUBLISHED.name(), rounds,
                Topics.ROUNDS_EVALUATED.name(), rounds + 1);
    }

    /** No image, score, weight or checkpoint lost or duplicated in any round; the chain and the weights hold. */
    static void roundsComplete(RunProgress progress, RunConfig config, BlobStore blobs) throws Exception {
        String previous = BaseModel.ID;
        int expectedImages = config.getPromptsPerRound() * config.getImagesPerPrompt();
        for (int round = 1; round <= config.getRounds(); round++) {
            RunProgress.Round r = progress.round(round);
            assertThat(r.prompts).as("round %d prompts", round).hasSize(config.getPromptsPerRound());
            assertThat(r.images).as("round %d distinct images", round).hasSize(expectedImages);
            assertThat(r.scores).as("round %d distinct scored images", round).hasSize(expectedImages);
            assertThat(blobs.list(BlobKeys.roundPrefix(progress.runId(), round) + "images/"))
                    .as("round %d image shards, one per prompt", round).hasSize(config.getPromptsPerRound());
            assertThat(RoundItems.scores(blobs).ids(progress.runId(), round))
                    .as("round %d scores collected by weighting", round).hasSize(expectedImages);

            // Exactly K weighted samples, each with the Eq. 5 weight of its recorded distance.
            assertThat(r.weights).as("round %d distinct weighted samples", round).hasSize(config.getTopK());
            assertThat(RoundItems.weights(blobs).ids(progress.runId(), round))
                    .as("round %d weights collected by the trainer", round).hasSize(config.getTopK());
            for (WeightsAssigned w : r.weightEvents) {
                double expected = w.getDistance() <= w.getBeta() ? 1.0
                        : Math.exp(-(w.getDistance() - w.getBeta()) / w.getSigma2());
                assertThat(w.getWeight()).as("Eq. 5 weight of %s", w.getImageId()).isCloseTo(expected, within(1e-12));
                if (config.getHalfWeightQuantile() == null) {
                    assertThat(w.getSigma2()).isEqualTo(config.getSigma2());
                } else {
                    assertThat(w.getSigma2()).as("sigma^2 calibrated once per round")
                            .isEqualTo(r.weightEvents.get(0).getSigma2()).isPositive();
                }
                assertThat(r.images).contains(w.getImageId());
            }

            // Each stored score carries its image's seed, so reports can tell how to reproduce every sample.
            Map<String, Long> seeds = r.imageEvents.stream().collect(Collectors.toMap(ImageGenerated::getImageId,
                    ImageGenerated::getSeed, (a, b) -> a));
            for (ScoresComputed s : RoundItems.scores(blobs).all(progress.runId(), round)) {
                assertThat(s.getSeed()).as("seed stored with the score of %s", s.getImageId())
                        .isEqualTo(seeds.get(s.getImageId()));
            }

            // The round generated with the previous round's checkpoint (G0 for round 1).
            Set<String> used = r.imageEvents.stream().map(ImageGenerated::getCheckpointId).collect(Collectors.toSet());
            assertThat(used).as("checkpoints used to generate round %d", round).containsExactly(previous);

            // One checkpoint per round, its parent the checkpoint the round generated with, its bytes as announced.
            Set<String> ids = r.checkpoints.stream().map(CheckpointPublished::getCheckpointId).collect(Collectors.toSet());
            assertThat(ids).as("round %d checkpoints", round).hasSize(1);
            assertThat(blobs.list(BlobKeys.checkpointPrefix(progress.runId(), round))).as("round %d checkpoint objects", round)
                    .hasSize(1);
            CheckpointPublished published = r.checkpoints.get(0);
            assertThat(published.getParentId()).isEqualTo(previous);
            // K a round; with accumulateSamples every earlier round's K too
            int rounds = config.getAccumulateSamples() ? round - config.getStartRound() + 1 : 1;
            assertThat(published.getStats().getSamples()).as("samples trained on in round %d", round)
                    .isEqualTo(config.getTopK() * rounds);
            Checkpoint stored = CheckpointIO.read(new ByteArrayInputStream(blobs.read(StoredBlob.of(published.getCheckpoint()))));
            assertThat(stored.header().id()).isEqualTo(published.getCheckpointId());
            assertThat(stored.header().parentId()).isEqualTo(previous);
            assertThat(r.evaluation).as("round %d evaluated", round).isNotNull();
            assertThat(r.evaluation.getCheckpointId()).isEqualTo(published.getCheckpointId());
            previous = published.getCheckpointId();
        }
        assertThat(progress.round(0).evaluation).as("base evaluated").isNotNull();
        assertThat(progress.round(0).evaluation.getCheckpointId()).isEqualTo(BaseModel.ID);
    }
}
