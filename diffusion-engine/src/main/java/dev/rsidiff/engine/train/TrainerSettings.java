package dev.rsidiff.engine.train;

/**
 * Fine-tuning settings.
 *
 * @param learningRate      AdamW learning rate
 * @param weightDecay       AdamW decoupled weight decay
 * @param gradClipNorm      global gradient-norm clip (0: off)
 * @param conditionDrop     probability of training a sample with the empty caption (ReDiFine: 0.2; 0: off)
 * @param minSnrGamma       Min-SNR-gamma loss weighting (0: off, uniform weight)
 * @param emaDecay          decay of the exponential moving average of the weights (0: off)
 * @param batchSize         samples per optimizer step
 * @param seed              seed of every random draw (timesteps, noise, condition drop, order)
 * @param trainTextEncoder  whether the text encoder is trained too (pretraining: yes; fine-tuning: no, as with SD)
 * @param warmupSteps       linear learning-rate warm-up over the first steps (0: none)
 */
public record TrainerSettings(double learningRate, double weightDecay, double gradClipNorm, double conditionDrop,
                              double minSnrGamma, double emaDecay, int batchSize, long seed, boolean trainTextEncoder,
                              int warmupSteps) {

    public TrainerSettings {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (conditionDrop < 0 || conditionDrop > 1) {
            throw new IllegalArgumentException("conditionDrop must be in [0, 1], got " + conditionDrop);
        }
        if (emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("emaDecay must be in [0, 1), got " + emaDecay);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
    }

    /** Settings without warm-up. */
    public TrainerSettings(double learningRate, double weightDecay, double gradClipNorm, double conditionDrop,
                           double minSnrGamma, double emaDecay, int batchSize, long seed, boolean trainTextEncoder) {
        this(learningRate, weightDecay, gradClipNorm, conditionDrop, minSnrGamma, emaDecay, batchSize, seed,
                trainTextEncoder, 0);
    }

    /** The learning rate at optimizer step {@code step} (0-based). */
    public double learningRateAt(long step) {
        return warmupSteps == 0 ? learningRate : learningRate * Math.min(1.0, (step + 1.0) / warmupSteps);
    }

    /** Fine-tuning defaults of the loop: lr 2e-4, condition drop 0.2, Min-SNR 5, clip 1, batch 32. */
    public static TrainerSettings fineTuneDefaults(long seed) {
        return new TrainerSettings(2e-4, 1e-4, 1.0, 0.2, 5.0, 0.0, 32, seed, false);
    }

    public TrainerSettings withSeed(long newSeed) {
        return new TrainerSettings(learningRate, weightDecay, gradClipNorm, conditionDrop, minSnrGamma, emaDecay,
                batchSize, newSeed, trainTextEncoder, warmupSteps);
    }
}
