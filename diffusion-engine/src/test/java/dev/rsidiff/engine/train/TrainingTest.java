package dev.rsidiff.engine.train;

import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingTest {

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }

    @Test
    void aFewStepsReduceTheLossOnAFixedBatch() {
        TrainerSettings settings = new TrainerSettings(2e-3, 0, 1.0, 0.0, 0, 0, 8, 1, true);
        try (DiffusionModel model = EngineFixtures.freshModel(2);
             DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 8, 5);
            NoiseDraws fixed = NoiseDraws.forStep(77, 0, 8, data.latents().length / 8, model.schedule().timesteps(), 0);
            double before = trainer.loss(data.latents(), data.batch().captions(), ones(8), fixed);
            for (int i = 0; i < 15; i++) {
                trainer.step(data.latents(), data.batch().captions(), ones(8));
            }
            double after = trainer.loss(data.latents(), data.batch().captions(), ones(8), fixed);
            assertThat(after).as("loss before %s", before).isLessThan(before * 0.9);
        }
    }

    /** An anchor pulls the trained weights toward the base: the same steps end closer to it than without one. */
    @Test
    void anAnchorKeepsFineTuningCloserToTheBase() {
        double free = distanceFromBaseAfterTraining(0);
        double anchored = distanceFromBaseAfterTraining(50);
        assertThat(free).isGreaterThan(0);
        assertThat(anchored).as("free %s", free).isLessThan(free * 0.8);
    }

    private static double distanceFromBaseAfterTraining(double anchorStrength) {
        TrainerSettings settings = new TrainerSettings(2e-3, 0, 1.0, 0.0, 0, 0, 8, 1, false);
        try (DiffusionModel model = EngineFixtures.freshModel(2);
             DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            Map<String, float[]> base = new java.util.LinkedHashMap<>();
            model.params().all().forEach((name, p) -> base.put(name, p.toFloatArray()));
            trainer.anchorTo(base, anchorStrength);
            EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 8, 5);
            for (int i = 0; i < 10; i++) {
                trainer.step(data.latents(), data.batch().captions(), ones(8));
            }
            double sq = 0;
            for (Map.Entry<String, float[]> e : base.entrySet()) {
                float[] now = model.params().get(e.getKey()).toFloatArray();
                for (int i = 0; i < now.length; i++) {
                    sq += Math.pow(now[i] - e.getValue()[i], 2);
                }
            }
            return Math.sqrt(sq);
        }
    }

    /**
     * A step whose gradient is not finite is skipped, and the next step trains normally: the gradient buffers are
     * cleared to zero, not multiplied by zero (which kept NaN for ever and made one transient overflow look like
     * divergence: 20 skipped steps in a row).
     */
    @Test
    void aNonFiniteGradientIsSkippedOnceAndDoesNotPoisonTheNextSteps() {
        TrainerSettings settings = new TrainerSettings(1e-3, 0, 1.0, 0.0, 0, 0, 4, 1, true);
        try (DiffusionModel model = EngineFixtures.freshModel(2);
             DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 4, 5);
            trainer.step(data.latents(), data.batch().captions(), ones(4));
            // What a transient overflow in one backward pass leaves behind: a NaN in one gradient buffer.
            model.params().get("text.layer1.qkv.w").getGradient().set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.NaN);
            float[] before = model.params().get("denoiser.out.w").toFloatArray();
            trainer.step(data.latents(), data.batch().captions(), ones(4));
            assertThat(trainer.skippedSteps()).isEqualTo(1);
            assertThat(model.params().get("denoiser.out.w").toFloatArray()).as("skipped step left the weights").containsExactly(before);
            for (int i = 0; i < 3; i++) {
                trainer.step(data.latents(), data.batch().captions(), ones(4));
            }
            assertThat(trainer.skippedSteps()).as("later steps train").isEqualTo(1);
            assertThat(model.params().get("denoiser.out.w").toFloatArray()).isNotEqualTo(before);
        }
    }

    /**
     * With condition drop 1 every sample is trained with the empty caption: the captions never reach the model, so
     * training on the same images with other captions ends at the same weights, and every step's conditional
     * training loss is the unconditional one.
     */
    @Test
    void conditionDropOfOneTrainsOnlyTheUnconditionalBranch() {
        TrainerSettings dropAll = new TrainerSettings(1e-3, 0, 1.0, 1.0, 5.0, 0, 4, 3, true);
        float[][] finals = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (DiffusionModel model = EngineFixtures.freshModel(4);
                 DiffusionTrainer trainer = new DiffusionTrainer(model, dropAll)) {
                EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 4, 6);
                List<String> captions = run == 0 ? data.batch().captions()
                        : new ArrayList<>(Collections.nCopies(4, "a large black cross on a white background"));
                NoiseDraws draws = NoiseDraws.forStep(3, 0, 4, data.latents().length / 4, model.schedule().timesteps(), 1.0);
                double conditional = trainer.loss(data.latents(), captions, ones(4), draws);
                double unconditional = trainer.loss(data.latents(), Collections.nCopies(4, ""), ones(4), draws);
                assertThat(conditional).isEqualTo(unconditional);
                for (int i = 0; i < 3; i++) {
                    trainer.step(data.latents(), captions, ones(4));
                }
                finals[run] = model.params().get("denoiser.out.w").toFloatArray();
            }
        }
        assertThat(finals[1]).isEqualTo(finals[0]);
    }

    @Test
    void trainingResumedFromACheckpointContinuesExactly() throws Exception {
        TrainerSettings settings = new TrainerSettings(1e-3, 1e-4, 1.0, 0.2, 5.0, 0.99, 4, 8, false);
        float[] straight;
        try (DiffusionModel model = EngineFixtures.freshModel(6);
             DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 4, 2);
            for (int i = 0; i < 4; i++) {
                trainer.step(data.latents(), data.batch().captions(), ones(4));
            }
            straight = snapshot(model);
        }
        byte[] saved;
        EngineFixtures.LatentBatch data;
        try (DiffusionModel model = EngineFixtures.freshModel(6);
             DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
            data = EngineFixtures.latentBatch(model, 4, 2);
            for (int i = 0; i < 2; i++) {
                trainer.step(data.latents(), data.batch().captions(), ones(4));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CheckpointIO.write(model, trainer, null, "half way", out);
            saved = out.toByteArray();
        }
        Checkpoint checkpoint = CheckpointIO.read(new ByteArrayInputStream(saved));
        assertThat(checkpoint.header().step()).isEqualTo(2);
        try (DiffusionModel resumed = checkpoint.toModel();
             DiffusionTrainer trainer = new DiffusionTrainer(resumed, settings)) {
            checkpoint.restoreTraining(trainer);
            for (int i = 0; i < 2; i++) {
                trainer.step(data.latents(), data.batch().captions(), ones(4));
            }
            assertThat(snapshot(resumed)).isEqualTo(straight);
        }
    }

    private static float[] snapshot(DiffusionModel model) {
        List<Float> all = new ArrayList<>();
        for (Map.Entry<String, ai.djl.ndarray.NDArray> e : model.params().all().entrySet()) {
            for (float f : e.getValue().toFloatArray()) {
                all.add(f);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }
}
