package dev.rsidiff.prompt.pool;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;

import java.util.List;

/**
 * Prompt embeddings from the base model's own text encoder. Chosen over a general sentence model (MiniLM): the
 * corpus speaks the world's small vocabulary, and clusters in the space the diffusion model conditions on group
 * prompts by what the model must learn to draw (shape, colour, place), which is what diversity should spread over.
 */
public final class TextEncoderEmbedder implements PromptEmbedder, AutoCloseable {

    private static final int BATCH = 256;

    private final DiffusionModel model;

    public TextEncoderEmbedder(DiffusionModel model) {
        this.model = model;
    }

    public static TextEncoderEmbedder ofBaseModel() {
        return new TextEncoderEmbedder(BaseModel.load().toModel());
    }

    @Override
    public double[][] embed(List<String> prompts) {
        double[][] out = new double[prompts.size()][];
        for (int from = 0; from < prompts.size(); from += BATCH) {
            List<String> batch = prompts.subList(from, Math.min(prompts.size(), from + BATCH));
            try (NDManager m = model.manager().newSubManager()) {
                NDArray e = model.textEncoder().condition(m, batch).pooled();
                float[] flat = e.toFloatArray();
                int dim = flat.length / batch.size();
                for (int i = 0; i < batch.size(); i++) {
                    double[] v = new double[dim];
                    for (int j = 0; j < dim; j++) {
                        v[j] = flat[i * dim + j];
                    }
                    out[from + i] = v;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
