package dev.rsidiff.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.rsidiff.engine.model.DiffusionModel;

/** Encodes images to normalised latents without gradients, in chunks to bound memory. */
public final class LatentEncoder {

    /**
     * Images per pass. A pass's activations live until it ends, so they grow with the chunk: the trainer encodes all
     * of a run's samples at every fine-tuning, and with chunks of 256 its peak grew with them until they reached 256
     * (round 4 of the default loop). A latent does not depend on its chunk (bit for bit, {@code LatentEncoderTest}),
     * so the chunk changes no checkpoint.
     */
    private static final int CHUNK = 64;

    private LatentEncoder() {
    }

    /** @param images CHW floats in [-1, 1], {@code count} images; returns their latents, image after image */
    public static float[] encode(DiffusionModel model, float[] images, int count) {
        return encode(model, images, count, CHUNK);
    }

    /** As {@link #encode(DiffusionModel, float[], int)}, in chunks of {@code chunkSize} images. */
    static float[] encode(DiffusionModel model, float[] images, int count, int chunkSize) {
        int perImage = images.length / count;
        int perLatent = Math.toIntExact(model.latentShape(1).size());
        float[] out = new float[count * perLatent];
        for (int from = 0; from < count; from += chunkSize) {
            int n = Math.min(chunkSize, count - from);
            float[] chunk = java.util.Arrays.copyOfRange(images, from * perImage, (from + n) * perImage);
            try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
                float[] z = model.autoEncoder().encode(model.images(m, chunk, n)).toFloatArray();
                System.arraycopy(z, 0, out, from * perLatent, z.length);
            }
        }
        return out;
    }
}
