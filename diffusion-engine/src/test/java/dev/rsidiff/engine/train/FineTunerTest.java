package dev.rsidiff.engine.train;

import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.world.TrainingScenes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FineTunerTest {

    @Test
    void runsEpochsOfBatchesOverWeightedSamples() {
        TrainingScenes.Batch b = new TrainingScenes(3, 32).next(6);
        int per = 3 * 32 * 32;
        List<FineTuner.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            samples.add(new FineTuner.Sample(java.util.Arrays.copyOfRange(b.pixels(), i * per, (i + 1) * per),
                    b.captions().get(i), i == 5 ? 0.0 : 1.0));
        }
        try (DiffusionModel model = EngineFixtures.freshModel(1);
             DiffusionTrainer trainer = new DiffusionTrainer(model, new TrainerSettings(1e-3, 0, 1, 0.2, 5, 0, 4, 1, false))) {
            FineTuner.Result r = FineTuner.run(model, trainer, samples, 2);
            assertThat(r.steps()).isEqualTo(4);
            assertThat(r.samples()).isEqualTo(6);
            assertThat(r.weightSum()).isEqualTo(5.0);
            assertThat(r.finalLoss()).isFinite().isPositive();
            assertThat(trainer.step()).isEqualTo(4);
            List<FineTuner.Sample> bad = List.of(new FineTuner.Sample(new float[per], "x", Double.NaN));
            assertThatThrownBy(() -> FineTuner.run(model, trainer, bad, 1)).hasMessageContaining("weight NaN");
        }
    }
}
