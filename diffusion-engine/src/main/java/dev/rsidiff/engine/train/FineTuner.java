package dev.rsidiff.engine.train;

import dev.rsidiff.engine.model.DiffusionModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fine-tunes a model on weighted samples for a number of epochs: what the trainer service does each round. Images
 * are encoded to latents once; each epoch visits every sample once in a seeded order, in batches of the trainer's
 * batch size (the last batch may be smaller).
 */
public final class FineTuner {

    /**
     * One training sample.
     *
     * @param pixels  the image as CHW floats in [-1, 1]
     * @param caption its prompt
     * @param weight  its weight w (Eq. 5)
     */
    public record Sample(float[] pixels, String caption, double weight) {
    }

    /**
     * What a fine-tuning did.
     *
     * @param samples   samples trained on
     * @param weightSum sum of their weights
     * @param epochs    epochs run
     * @param steps     optimizer steps run
     * @param meanLoss  mean batch loss over all steps
     * @param finalLoss mean batch loss of the last epoch
     * @param duration  wall time
     */
    public record Result(int samples, double weightSum, int epochs, long steps, double meanLoss, double finalLoss,
                         Duration duration) {
    }

    private FineTuner() {
    }

    public static Result run(DiffusionModel model, DiffusionTrainer trainer, List<Sample> samples, int epochs) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("Nothing to fine-tune on: no samples");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        long t0 = System.nanoTime();
        int n = samples.size();
        int perImage = samples.get(0).pixels().length;
        float[] pixels = new float[n * perImage];
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (s.pixels().length != perImage) {
                throw new IllegalArgumentException("Sample " + i + " has " + s.pixels().length + " values, expected " + perImage);
            }
            if (!(s.weight() >= 0) || Double.isInfinite(s.weight())) {
                throw new IllegalArgumentException("Sample " + i + " has weight " + s.weight() + "; weights must be finite and >= 0");
            }
            System.arraycopy(s.pixels(), 0, pixels, i * perImage, perImage);
            weightSum += s.weight();
        }
        float[] latents = LatentEncoder.encode(model, pixels, n);
        int perLatent = latents.length / n;
        int batch = trainer.settings().batchSize();
        double lossSum = 0;
        long steps = 0;
        double lastEpochSum = 0;
        int lastEpochSteps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = shuffled(n, new SplittableRandom(trainer.settings().seed() * 31 + trainer.step() + epoch));
            lastEpochSum = 0;
            lastEpochSteps = 0;
            for (int from = 0; from < n; from += batch) {
                int size = Math.min(batch, n - from);
                float[] x = new float[size * perLatent];
                List<String> captions = new ArrayList<>(size);
                double[] weights = new double[size];
                for (int j = 0; j < size; j++) {
                    int idx = order[from + j];
                    System.arraycopy(latents, idx * perLatent, x, j * perLatent, perLatent);
                    captions.add(samples.get(idx).caption());
                    weights[j] = samples.get(idx).weight();
                }
                double loss = trainer.step(x, captions, weights);
                lossSum += loss;
                lastEpochSum += loss;
                steps++;
                lastEpochSteps++;
            }
        }
        return new Result(n, weightSum, epochs, steps, lossSum / steps, lastEpochSum / lastEpochSteps,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
