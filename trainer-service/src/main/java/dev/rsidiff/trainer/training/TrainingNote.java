package dev.rsidiff.trainer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.events.checkpoint.TrainingStats;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 */
public record TrainingNote(int samples, double weightSum, int epochs, long steps, double meanLoss, double finalLoss,
                           long durationMillis, List<String> refused) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingStats toStats() {
        return new TrainingStats(samples, weightSum, epochs, steps, meanLoss, finalLoss, durationMillis);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainingNote fromJson(String json) {
        try {
            return JSON.readValue(json, TrainingNote.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint note is not a training note: " + e.getMessage(), e);
        }
    }
}
