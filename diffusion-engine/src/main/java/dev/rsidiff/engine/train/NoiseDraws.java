package dev.rsidiff.engine.train;

import dev.rsidiff.engine.sample.Gaussian;

import java.util.SplittableRandom;

/**
 * The random draws of one training step: a timestep, a noise tensor and a condition-drop decision per sample.
 * Derived from (seed, step), so a run resumed from a checkpoint draws exactly what it would have drawn.
 *
 * @param timesteps per sample, in [1, T]
 * @param noise     per sample latent noise, sample after sample
 * @param dropped   per sample: train with the empty caption
 */
public record NoiseDraws(int[] timesteps, float[] noise, boolean[] dropped) {

    public static NoiseDraws forStep(long seed, long step, int batch, int latentValues, int bigT, double dropP) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 1);
        int[] t = new int[batch];
        boolean[] drop = new boolean[batch];
        for (int i = 0; i < batch; i++) {
            t[i] = 1 + random.nextInt(bigT);
            drop[i] = random.nextDouble() < dropP;
        }
        float[] noise = new float[batch * latentValues];
        Gaussian.fill(random, noise, 0, noise.length);
        return new NoiseDraws(t, noise, drop);
    }

    /** The draws of sample {@code i} alone, as a batch of one. */
    public NoiseDraws sample(int i) {
        int per = noise.length / timesteps.length;
        return new NoiseDraws(new int[]{timesteps[i]}, java.util.Arrays.copyOfRange(noise, i * per, (i + 1) * per),
                new boolean[]{dropped[i]});
    }
}
