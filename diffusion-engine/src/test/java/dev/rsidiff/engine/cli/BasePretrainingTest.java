package dev.rsidiff.engine.cli;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
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
        String oneRun = pretrain(new BasePretraining.Plan(3, 2, 4, SEED), null).header().id();
        Checkpoint autoEncoderOnly = pretrain(new BasePretraining.Plan(3, 0, 4, SEED), null);
        String twoPhases = pretrain(new BasePretraining.Plan(0, 2, 4, SEED), autoEncoderOnly).header().id();
        assertThat(twoPhases).isEqualTo(oneRun);
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
