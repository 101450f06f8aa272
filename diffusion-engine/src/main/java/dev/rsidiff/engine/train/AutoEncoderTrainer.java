package dev.rsidiff.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.rsidiff.engine.model.AutoEncoder;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.Gaussian;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the image autoencoder on reconstruction (pixel MSE), with a little noise on the latent so the decoder
 * tolerates the imperfect latents diffusion produces; then measures the per-channel latent statistics that
 * normalise the diffusion model's inputs.
 */
public final class AutoEncoderTrainer implements AutoCloseable {

    private static final float LATENT_NOISE = 0.05f;

    private final DiffusionModel model;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final AdamW optimizer;
    private final NDManager stateManager;
    private final SplittableRandom random;

    public AutoEncoderTrainer(DiffusionModel model, long seed) {
        this.model = model;
        this.random = new SplittableRandom(seed);
        this.stateManager = model.manager().newSubManager();
        model.params().all().forEach((name, array) -> {
            if (name.startsWith("autoencoder.") && model.params().isTrainable(name)) {
                array.setRequiresGradient(true);
                trainable.put(name, array);
            }
        });
        this.optimizer = new AdamW(stateManager, 0.9, 0.99, 1e-8, 0.0, 1.0);
    }

    /** One step on images (B, 3, S, S) as CHW floats; returns the reconstruction MSE. */
    public double step(float[] images, int count, double learningRate) {
        AutoEncoder ae = model.autoEncoder();
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray x = model.images(m, images, count);
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = ae.encodeRaw(x);
                float[] noise = new float[Math.toIntExact(z.getShape().size())];
                Gaussian.fill(random, noise, 0, noise.length);
                NDArray noisy = z.add(m.create(noise, z.getShape()).mul(LATENT_NOISE));
                NDArray l = ae.decodeRaw(noisy).sub(x).square().mean();
                collector.backward(l);
                loss = l.getFloat();
            }
            optimizer.update(trainable, learningRate);
            return loss;
        }
    }

    /** Measures mean and standard deviation of each raw latent channel over the images and sets the normalisation. */
    public float[][] calibrate(float[] images, int count) {
        int z = model.config().latentChannels();
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray latents = model.autoEncoder().encodeRaw(model.images(m, images, count)).transpose(1, 0, 2, 3).reshape(z, -1);
            float[] mean = latents.mean(new int[]{1}).toFloatArray();
            float[] std = latents.sub(latents.mean(new int[]{1}, true)).square().mean(new int[]{1}).sqrt().toFloatArray();
            for (int c = 0; c < z; c++) {
                if (!(std[c] > 1e-3f)) {
                    throw new IllegalStateException("Latent channel " + c + " has standard deviation " + std[c]
                            + ": the autoencoder collapsed it");
                }
            }
            model.autoEncoder().setLatentStatistics(mean, std);
            return new float[][]{mean, std};
        }
    }

    @Override
    public void close() {
        trainable.values().forEach(p -> p.setRequiresGradient(false));
        stateManager.close();
    }
}
