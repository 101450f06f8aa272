package dev.rsidiff.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.nn.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * A text encoder that outputs one vector per prompt: token plus position embeddings, padding zeroed, the whole
 * sequence flattened into a residual MLP and projected to the output width. Flattening keeps word order, so colours
 * bind to what they describe. The scorers' text towers use it (a CLIP-style dual encoder needs one vector per
 * prompt); the diffusion model conditions on {@link TextEncoder}'s per-token output instead.
 */
public final class PooledTextEncoder implements PromptEncoder {

    private final Tokenizer tokenizer;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final LinearLayer input;
    private final List<LinearLayer> hidden = new ArrayList<>();
    private final LinearLayer project;

    public PooledTextEncoder(Params p, ModelConfig config) {
        this.tokenizer = new Tokenizer(config.vocabulary(), config.maxTokens());
        int dim = config.textDim();
        int width = config.textHidden();
        this.tokenEmbedding = p.normal("token", new Shape(tokenizer.vocabularySize(), dim), 1, 1.0);
        this.positionEmbedding = p.normal("position", new Shape(config.maxTokens(), dim), 1, 0.3);
        this.input = new LinearLayer(p.child("input"), config.maxTokens() * dim, width, 1.0);
        for (int i = 1; i < config.textLayers(); i++) {
            hidden.add(new LinearLayer(p.child("hidden" + i), width, width, 0.5));
        }
        this.project = new LinearLayer(p.child("project"), width, config.condDim(), 1.0);
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The pooled vector alone (no per-token output): the FiLM-only architecture's conditioning. */
    @Override
    public TextConditioning condition(NDManager m, List<String> prompts) {
        return new TextConditioning(null, null, encode(m, prompts));
    }

    /** Encodes prompts to (B, condDim) vectors; arrays are created in {@code m}. */
    public NDArray encode(NDManager m, List<String> prompts) {
        int b = prompts.size();
        int len = tokenizer.length();
        long[] ids = new long[b * len];
        float[] mask = new float[b * len];
        for (int i = 0; i < b; i++) {
            int[] t = tokenizer.encode(prompts.get(i));
            for (int j = 0; j < len; j++) {
                ids[i * len + j] = t[j];
                mask[i * len + j] = t[j] == Tokenizer.PAD ? 0f : 1f;
            }
        }
        NDArray oneHot = m.create(ids, new Shape(b, len)).oneHot(tokenizer.vocabularySize()).toType(DataType.FLOAT32, false);
        NDArray x = oneHot.matMul(tokenEmbedding).add(positionEmbedding).mul(m.create(mask, new Shape(b, len, 1)));
        NDArray h = Ops.silu(input.forward(x.reshape(b, -1)));
        for (LinearLayer layer : hidden) {
            h = h.add(Ops.silu(layer.forward(h)));
        }
        return project.forward(h);
    }
}
