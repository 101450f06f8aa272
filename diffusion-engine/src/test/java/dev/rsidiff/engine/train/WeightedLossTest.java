package dev.rsidiff.engine.train;

import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.model.DiffusionModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The weighted loss of Eq. 6: weights scale each sample's gradient, and weight 0 removes a sample. */
class WeightedLossTest {

    private static final TrainerSettings SETTINGS = new TrainerSettings(1e-3, 0, 0, 0.3, 5.0, 0, 4, 9, true);

    @Test
    void theBatchGradientIsTheWeightedMeanOfPerSampleGradients() {
        try (DiffusionModel model = EngineFixtures.freshModel(1);
             DiffusionTrainer trainer = new DiffusionTrainer(model, SETTINGS)) {
            EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 4, 3);
            List<String> captions = data.batch().captions();
            double[] w = {0.5, 2.0, 0.0, 1.0};
            NoiseDraws draws = NoiseDraws.forStep(11, 0, 4, data.latents().length / 4, model.schedule().timesteps(), 0.3);

            Map<String, float[]> batch = trainer.gradients(data.latents(), captions, w, draws);
            int per = data.latents().length / 4;
            Map<String, float[]> expected = null;
            for (int i = 0; i < 4; i++) {
                Map<String, float[]> g = trainer.gradients(Arrays.copyOfRange(data.latents(), i * per, (i + 1) * per),
                        List.of(captions.get(i)), new double[]{1.0}, draws.sample(i));
                if (expected == null) {
                    expected = new java.util.LinkedHashMap<>();
                    for (Map.Entry<String, float[]> e : g.entrySet()) {
                        expected.put(e.getKey(), new float[e.getValue().length]);
                    }
                }
                for (Map.Entry<String, float[]> e : g.entrySet()) {
                    float[] acc = expected.get(e.getKey());
                    for (int k = 0; k < acc.length; k++) {
                        acc[k] += (float) (w[i] * e.getValue()[k] / 4);
                    }
                }
            }
            double maxAbs = 0;
            double maxDiff = 0;
            for (String name : batch.keySet()) {
                float[] a = batch.get(name);
                float[] b = expected.get(name);
                for (int k = 0; k < a.length; k++) {
                    maxAbs = Math.max(maxAbs, Math.abs(b[k]));
                    maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
                }
            }
            assertThat(maxAbs).as("gradients are not trivially zero").isGreaterThan(1e-4);
            assertThat(maxDiff).as("max |batch - weighted sum| vs max |gradient| %s", maxAbs).isLessThan(1e-4 * maxAbs + 1e-7);
        }
    }

    @Test
    void aSampleOfWeightZeroContributesNothing() {
        try (DiffusionModel model = EngineFixtures.freshModel(1);
             DiffusionTrainer trainer = new DiffusionTrainer(model, SETTINGS)) {
            EngineFixtures.LatentBatch data = EngineFixtures.latentBatch(model, 2, 4);
            int per = data.latents().length / 2;
            NoiseDraws draws = NoiseDraws.forStep(5, 0, 2, per, model.schedule().timesteps(), 0.3);
            Map<String, float[]> withZero = trainer.gradients(data.latents(), data.batch().captions(),
                    new double[]{1.0, 0.0}, draws);
            Map<String, float[]> firstOnly = trainer.gradients(Arrays.copyOf(data.latents(), per),
                    List.of(data.batch().captions().get(0)), new double[]{0.5}, draws.sample(0));
            for (String name : withZero.keySet()) {
                float[] a = withZero.get(name);
                float[] b = firstOnly.get(name);
                for (int k = 0; k < a.length; k++) {
                    assertThat((double) a[k]).isCloseTo(b[k], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(b[k]))));
                }
            }
        }
    }
}
