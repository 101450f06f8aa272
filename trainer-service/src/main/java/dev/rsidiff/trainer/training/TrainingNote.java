package dev.rsidiff.trainer.training;

import dev.rsidiff.events.checkpoint.TrainingStats;
import dev.rsidiff.protocol.Manifests;

import java.util.List;

/**
 * The training statistics and refused images, written into the checkpoint's own header note, so that a checkpoint
 * found in the store after a crash can be announced with the same statistics without training again.
 *
 * @param samples        samples trained on
 * @param weightSum      their weight sum
 * @param epochs         epochs
 * @param steps          optimizer steps
 * @param meanLoss       mean loss
 * @param finalLoss      last epoch's mean loss
 * @param durationMillis wall time
 * @param refused        images refused because their bytes did not match their hash
 * @param missing        selected samples whose weights never arrived (the round was trained after its grace period)
 * @param missingReason  why the round was trained without them (empty when nothing is missing)
 * @param skippedSteps   optimizer steps skipped because their gradients were not finite (README, Known defects);
 *                       0 in notes written before it was recorded
 */
public record TrainingNote(int samples, double weightSum, int epochs, long steps, double meanLoss, double finalLoss,
                           long durationMillis, List<String> refused, int missing, String missingReason,
                           long skippedSteps) {

    public TrainingStats toStats() {
        return new TrainingStats(samples, weightSum, epochs, steps, meanLoss, finalLoss, durationMillis);
    }

    public String toJson() {
        return Manifests.toJsonLine(this);
    }

    public static TrainingNote fromJson(String json) {
        return Manifests.fromJson(json, TrainingNote.class, "training note of a checkpoint");
    }
}
