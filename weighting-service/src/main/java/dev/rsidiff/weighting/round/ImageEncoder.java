package dev.rsidiff.weighting.round;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.train.LatentEncoder;

import java.util.List;

/**
 * Encodes images for the distance to D_0 with the engine's image encoder (the base model's autoencoder, which
 * fine-tuning leaves unchanged), as flattened normalised latents.
 */
public final class ImageEncoder implements AutoCloseable {

    private final DiffusionModel model;

    public ImageEncoder(DiffusionModel model) {
        this.model = model;
    }

    public static ImageEncoder ofBaseModel() {
        return new ImageEncoder(BaseModel.load().toModel());
    }

    /** @param images CHW floats in [-1, 1], one array per image */
    public synchronized float[][] encode(List<float[]> images) {
        if (images.isEmpty()) {
            return new float[0][];
        }
        int per = images.get(0).length;
        float[] all = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * per, per);
        }
        float[] z = LatentEncoder.encode(model, all, images.size());
        int dim = z.length / images.size();
        float[][] out = new float[images.size()][dim];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(z, i * dim, out[i], 0, dim);
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
