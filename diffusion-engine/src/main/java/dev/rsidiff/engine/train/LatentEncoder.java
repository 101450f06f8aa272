package dev.rsidiff.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.rsidiff.engine.model.DiffusionModel;

/** Encodes images to normalised latents without gradients, in chunks to bound memory. */
public final class LatentEncoder {

    private static final int CHUNK = 256;

    private LatentEncoder() {
    }

    /** @param images CHW floats in [-1, 1], {@code count} images; returns their latents, image after image */
    public static float[] encode(DiffusionModel model, float[] images, int count) {
        int perImage = images.length / count;
        int perLatent = Math.toIntExact(model.latentShape(1).size());
        float[] out = new float[count * perLatent];
        for (int from = 0; from < count; from += CHUNK) {
            int n = Math.min(CHUNK, count - from);
            float[] chunk = java.util.Arrays.copyOfRange(images, from * perImage, (from + n) * perImage);
            try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
                float[] z = model.autoEncoder().encode(model.images(m, chunk, n)).toFloatArray();
                System.arraycopy(z, 0, out, from * perLatent, z.length);
            }
        }
        return out;
    }
}
