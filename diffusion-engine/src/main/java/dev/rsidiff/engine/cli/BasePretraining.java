package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.train.AutoEncoderTrainer;
import dev.rsidiff.engine.train.DiffusionTrainer;
import dev.rsidiff.engine.train.LatentEncoder;
import dev.rsidiff.engine.train.SupervisedLoop;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.world.SceneCaptions;
import dev.rsidiff.engine.world.TrainingScenes;
import dev.rsidiff.engine.world.WebCaptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Pretrains the base model G0 from scratch on the shapes world, reproducibly from a seed: first the autoencoder on
 * reconstruction, then its latent statistics, then the text encoder and denoiser together (condition drop 0.1 so the
 * unconditional branch exists for guidance; EMA of the weights) with a caption curriculum:
 * <ol>
 *   <li>full captions for {@link Plan#fullCaptionSteps()} steps. Position is a small part of a render's pixels, and
 *       with noisy captions it is not learned at all within budget (the position probes: nothing for 2,000 steps,
 *       then a sharp rise with full captions; no rise in 5,000 steps with web captions);</li>
 *   <li>web-style captions for the rest ({@link WebCaptions}: often incomplete, sometimes wrong, like a real base
 *       model's training data), which loosen what the first phase bound: the base model then follows colours and
 *       backgrounds well and position and shape only partly, the headroom the loop is for.</li>
 * </ol>
 * The learning rate is constant after warm-up, so the model after step n of a longer run is the model of a run of
 * n steps: the snapshots a run writes on the way are the shorter budgets' models.
 */
public final class BasePretraining {

    private static final Logger LOG = LoggerFactory.getLogger(BasePretraining.class);

    /**
     * @param autoEncoderSteps steps of autoencoder training (0: the model's autoencoder is already trained)
     * @param diffusionSteps   steps of diffusion training (0: stop after the autoencoder)
     * @param fullCaptionSteps the first this many diffusion steps see full captions, the rest web captions
     * @param batchSize        batch size of both phases
     * @param seed             seed of everything
     */
    public record Plan(int autoEncoderSteps, int diffusionSteps, int fullCaptionSteps, int batchSize, long seed) {
        public Plan {
            if (autoEncoderSteps < 0 || diffusionSteps < 0 || fullCaptionSteps < 0 || batchSize < 1) {
                throw new IllegalArgumentException("steps must be >= 0 and the batch >= 1: " + this);
            }
        }
    }

    /** Batches of a training run, by step (a curriculum changes what a step sees). */
    @FunctionalInterface
    public interface Batches {
        TrainingScenes.Batch next(int step, int count);
    }

    /** Called after every diffusion step with the step count so far (1-based) and the trainer. */
    @FunctionalInterface
    public interface StepObserver {
        StepObserver NONE = (step, trainer) -> { };

        void afterStep(int step, DiffusionTrainer trainer);
    }

    /**
     * What the pretraining did.
     *
     * @param reconstructionMse final autoencoder MSE (mean of the last 50 steps; NaN when the phase was skipped)
     * @param diffusionLoss     final diffusion loss (mean of the last 100 steps; NaN when skipped)
     * @param autoEncoderTime   time of phase 1
     * @param diffusionTime     time of phase 2
     * @param skippedSteps      diffusion steps skipped for a non-finite loss or gradient
     */
    public record Report(double reconstructionMse, double diffusionLoss, Duration autoEncoderTime,
                         Duration diffusionTime, long skippedSteps) {
    }

    private BasePretraining() {
    }

    /**
     * Trains {@code model} in place; returns the report. {@code beforeClose} gets the trainer (null when the
     * diffusion phase was skipped) while its state is still open, for saving.
     */
    public static Report run(DiffusionModel model, Plan plan, Consumer<DiffusionTrainer> beforeClose) {
        return run(model, plan, StepObserver.NONE, beforeClose);
    }

    /** As {@link #run(DiffusionModel, Plan, Consumer)}, with {@code observer} called after every diffusion step. */
    public static Report run(DiffusionModel model, Plan plan, StepObserver observer,
                             Consumer<DiffusionTrainer> beforeClose) {
        long t0 = System.nanoTime();
        double reconstruction = plan.autoEncoderSteps() == 0 ? Double.NaN : trainAutoEncoder(model, plan);
        Duration aeTime = Duration.ofNanos(System.nanoTime() - t0);
        if (plan.diffusionSteps() == 0) {
            beforeClose.accept(null);
            return new Report(reconstruction, Double.NaN, aeTime, Duration.ZERO, 0);
        }
        long t1 = System.nanoTime();
        Batches curriculum = curriculum(plan, model.config().imageSize());
        TrainerSettings settings = new TrainerSettings(4e-4, 1e-4, 1.0, 0.1, 5.0, 0.999, plan.batchSize(),
                plan.seed(), true, 300);
        long[] skipped = new long[1];
        double loss = trainDiffusion(model, curriculum, plan.diffusionSteps(), settings, "diffusion", observer, trainer -> {
            skipped[0] = trainer.skippedSteps();
            trainer.applyEma();
            beforeClose.accept(trainer);
        });
        return new Report(reconstruction, loss, aeTime, Duration.ofNanos(System.nanoTime() - t1), skipped[0]);
    }

    /**
     * The diffusion phase's batches: full captions before step {@link Plan#fullCaptionSteps()}, web captions from
     * it on. The phase draws its own scene streams, so a run that reuses a trained autoencoder (--autoencoder-from)
     * trains exactly what one run of both phases would.
     */
    static Batches curriculum(Plan plan, int imageSize) {
        TrainingScenes full = new TrainingScenes(plan.seed() + 1, imageSize, SceneCaptions.full(), scene -> true);
        TrainingScenes web = new TrainingScenes(plan.seed() + 2, imageSize, new WebCaptions(), scene -> true);
        return (step, count) -> (step < plan.fullCaptionSteps() ? full : web).next(count);
    }

    private static double trainAutoEncoder(DiffusionModel model, Plan plan) {
        TrainingScenes scenes = new TrainingScenes(plan.seed(), model.config().imageSize());
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
            // 1,024 renders at the default batch of 64; small plans (tests) calibrate on fewer.
            int count = Math.min(1024, 16 * plan.batchSize());
            TrainingScenes.Batch calibration = scenes.next(count);
            float[][] stats = ae.calibrate(calibration.pixels(), count);
            LOG.info("latent statistics: mean {} std {}", Arrays.toString(stats[0]), Arrays.toString(stats[1]));
        }
        return mean(recent);
    }

    /**
     * Trains the denoiser (and the text encoder if the settings say so) on batches of {@code scenes} with weight 1;
     * returns the mean loss of the last 100 steps. {@code beforeClose} gets the trainer at the end.
     */
    public static double trainDiffusion(DiffusionModel model, TrainingScenes scenes, int steps,
                                        TrainerSettings settings, String label, Consumer<DiffusionTrainer> beforeClose) {
        return trainDiffusion(model, (step, count) -> scenes.next(count), steps, settings, label, StepObserver.NONE,
                beforeClose);
    }

    /** As above, with batches chosen by step and an observer called after every step. */
    public static double trainDiffusion(DiffusionModel model, Batches batches, int steps, TrainerSettings settings,
                                        String label, StepObserver observer, Consumer<DiffusionTrainer> beforeClose) {
        int batch = settings.batchSize();
        double[] losses = new double[Math.min(100, steps)];
        double[] weights = new double[batch];
        Arrays.fill(weights, 1.0);
        try (DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            for (int step = 0; step < steps; step++) {
                TrainingScenes.Batch b = batches.next(step, batch);
                float[] latents = LatentEncoder.encode(model, b.pixels(), batch);
                losses[step % losses.length] = trainer.step(latents, b.captions(), weights);
                if ((step + 1) % 250 == 0) {
                    LOG.info("{} step {}/{}: loss {}", label, step + 1, steps, String.format("%.4f", mean(losses)));
                }
                observer.afterStep(step + 1, trainer);
            }
            LOG.info("{} done: {} steps skipped for non-finite gradients", label, trainer.skippedSteps());
            beforeClose.accept(trainer);
        }
        return mean(losses);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    public static DiffusionModel newModel(long seed) {
        return DiffusionModel.create(ModelConfig.defaults(32), seed);
    }
}
