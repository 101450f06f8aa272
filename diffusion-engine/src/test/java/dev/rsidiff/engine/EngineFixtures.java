package dev.rsidiff.engine;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.train.LatentEncoder;
import dev.rsidiff.engine.world.TrainingScenes;

/** Small shared test inputs: a fresh model and a captioned batch of latents. */
public final class EngineFixtures {

    private EngineFixtures() {
    }

    public static DiffusionModel freshModel(long seed) {
        return DiffusionModel.create(ModelConfig.defaults(32), seed);
    }

    /**
     * A fresh model whose denoiser already listens to the text: FiLM layers and the residual blocks' last
     * convolutions start at zero (so a new model ignores its prompt); here every zero-initialised weight gets
     * small random values instead.
     */
    public static DiffusionModel textSensitiveModel(long seed) {
        DiffusionModel model = freshModel(seed);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        model.params().all().forEach((name, array) -> {
            if (name.endsWith(".w") && array.abs().max().getFloat() == 0f) {
                float[] v = new float[Math.toIntExact(array.getShape().size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() - 0.5) * 0.2);
                }
                array.set(v);
            }
        });
        return model;
    }

    /**
     * A batch of rendered scenes encoded by the model's autoencoder.
     *
     * @param latents  normalised latents
     * @param batch    the scenes and captions
     */
    public record LatentBatch(float[] latents, TrainingScenes.Batch batch) {
    }

    public static LatentBatch latentBatch(DiffusionModel model, int count, long seed) {
        TrainingScenes.Batch b = new TrainingScenes(seed, model.config().imageSize()).next(count);
        return new LatentBatch(LatentEncoder.encode(model, b.pixels(), count), b);
    }
}
