package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.train.AutoEncoderTrainer;
import dev.rsidiff.engine.train.DiffusionTrainer;
import dev.rsidiff.engine.train.LatentEncoder;
import dev.rsidiff.engine.train.SupervisedLoop;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.world.TrainingScenes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;

/**
 * Pretrains the base model G0 from scratch on the shapes world, reproducibly from a seed: first the autoencoder on
 * reconstruction, then its latent statistics, then the text encoder and denoiser together on captioned renders
 * (condition drop 0.1 so the unconditional branch exists for guidance, EMA of the weights).
 */
public final class BasePretraining {

    private static final Logger LOG = LoggerFactory.getLogger(BasePretraining.class);

    /**
     * @param autoEncoderSteps steps of autoencoder training
     * @param diffusionSteps   steps of diffusion training
     * @param batchSize        batch size of both phases
     * @param seed             seed of everything
     */
    public record Plan(int autoEncoderSteps, int diffusionSteps, int batchSize, long seed) {
    }

    /**
     * What the pretraining did.
     *
     * @param reconstructionMse final autoencoder MSE (mean of the last 50 steps)
     * @param diffusionLoss     final diffusion loss (mean of the last 100 steps)
     * @param autoEncoderTime   time of phase 1
     * @param diffusionTime     time of phase 2
     */
    public record Report(double reconstructionMse, double diffusionLoss, Duration autoEncoderTime, Duration diffusionTime) {
    }

    private BasePretraining() {
    }

    /** Trains {@code model} in place; returns the report. The trainer is returned through {@code sink} for saving. */
    public static Report run(DiffusionModel model, Plan plan, java.util.function.Consumer<DiffusionTrainer> beforeClose) {
        int s = model.config().imageSize();
        TrainingScenes scenes = new TrainingScenes(plan.seed(), s);
        long t0 = System.nanoTime();
        double[] recent = new double[50];
        try (AutoEncoderTrainer ae = new AutoEncoderTrainer(model, plan.seed())) {
            for (int step = 0; step < plan.autoEncoderSteps(); step++) {
                double lr = 2e-3 * SupervisedLoop.cosineScale(step, plan.autoEncoderSteps());
                TrainingScenes.Batch b = scenes.next(plan.batchSize());
                recent[step % recent.length] = ae.step(b.pixels(), plan.batchSize(), lr);
                if ((step + 1) % 250 == 0) {
                    LOG.info("autoencoder step {}/{}: reconstruction MSE {}", step + 1, plan.autoEncoderSteps(),
                            String.format("%.5f", mean(recent)));
                }
            }
            TrainingScenes.Batch calibration = scenes.next(1024);
            float[][] stats = ae.calibrate(calibration.pixels(), 1024);
            LOG.info("latent statistics: mean {} std {}", Arrays.toString(stats[0]), Arrays.toString(stats[1]));
        }
        double reconstruction = mean(recent);
        Duration aeTime = Duration.ofNanos(System.nanoTime() - t0);

        long t1 = System.nanoTime();
        TrainerSettings settings = new TrainerSettings(4e-4, 1e-4, 1.0, 0.1, 5.0, 0.999, plan.batchSize(), plan.seed(), true, 300);
        double[] losses = new double[100];
        double[] weights = new double[plan.batchSize()];
        Arrays.fill(weights, 1.0);
        try (DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            for (int step = 0; step < plan.diffusionSteps(); step++) {
                TrainingScenes.Batch b = scenes.next(plan.batchSize());
                float[] latents = LatentEncoder.encode(model, b.pixels(), plan.batchSize());
                losses[step % losses.length] = trainer.step(latents, b.captions(), weights);
                if ((step + 1) % 250 == 0) {
                    LOG.info("diffusion step {}/{}: loss {}", step + 1, plan.diffusionSteps(),
                            String.format("%.4f", mean(losses)));
                }
            }
            LOG.info("diffusion training done: {} steps skipped for non-finite gradients", trainer.skippedSteps());
            trainer.applyEma();
            beforeClose.accept(trainer);
        }
        return new Report(reconstruction, mean(losses), aeTime, Duration.ofNanos(System.nanoTime() - t1));
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    public static DiffusionModel newModel(long seed) {
        return DiffusionModel.create(ModelConfig.defaults(32), seed);
    }
}
