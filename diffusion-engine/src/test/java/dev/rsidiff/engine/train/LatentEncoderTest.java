package dev.rsidiff.engine.train;

import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.world.TrainingScenes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatentEncoderTest {

    @Test
    void anImagesLatentDoesNotDependOnTheChunkItIsEncodedIn() throws Exception {
        // Given the shipped base model and 150 rendered images
        try (DiffusionModel model = CheckpointIO.readFileOrBase(null).toModel()) {
            int n = 150;
            float[] pixels = new TrainingScenes(7, model.config().imageSize()).next(n).pixels();

            // When they are encoded all at once, and in chunks of 64 (the last one short)
            float[] whole = LatentEncoder.encode(model, pixels, n, n);
            float[] chunked = LatentEncoder.encode(model, pixels, n, 64);

            // Then every latent is the same, bit for bit: the chunk bounds memory and changes no checkpoint
            assertThat(chunked).hasSize(n * Math.toIntExact(model.latentShape(1).size())).containsExactly(whole);
        }
    }
}
