package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.TrainingScenes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class BasePretrainingTest {

    private static final long SEED = 7;

    @Test
    void pretrainingInTwoPhasesGivesWhatOneRunGives() throws Exception {
        String oneRun = pretrain(new BasePretraining.Plan(3, 2, 1, 4, SEED), null).header().id();
        Checkpoint autoEncoderOnly = pretrain(new BasePretraining.Plan(3, 0, 1, 4, SEED), null);
        String twoPhases = pretrain(new BasePretraining.Plan(0, 2, 1, 4, SEED), autoEncoderOnly).header().id();
        assertThat(twoPhases).isEqualTo(oneRun);
    }

    @Test
    void theCurriculumCaptionsInFullFirstAndLikeTheWebAfterwards() {
        BasePretraining.Batches batches = BasePretraining.curriculum(new BasePretraining.Plan(0, 20, 10, 256, SEED), 32);
        for (int step = 0; step < 10; step++) {
            TrainingScenes.Batch b = batches.next(step, 256);
            for (int i = 0; i < b.captions().size(); i++) {
                assertThat(b.captions().get(i)).isEqualTo(Captioner.full(b.scenes().get(i)));
            }
        }
        TrainingScenes.Batch web = batches.next(10, 256);
        long complete = java.util.stream.IntStream.range(0, 256)
                .filter(i -> web.captions().get(i).equals(Captioner.full(web.scenes().get(i)))).count();
        // Web captions omit the region half the time and often more: most are not the full caption.
        assertThat(complete).isLessThan(128);
    }

    private static Checkpoint pretrain(BasePretraining.Plan plan, Checkpoint autoEncoderFrom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffusionModel model = BasePretraining.newModel(SEED)) {
            if (autoEncoderFrom != null) {
                autoEncoderFrom.loadStageInto(model, "autoencoder.");
            }
            BasePretraining.run(model, plan, trainer -> {
                try {
                    CheckpointIO.write(model, null, null, "test", out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return CheckpointIO.read(new ByteArrayInputStream(out.toByteArray()));
    }
}
