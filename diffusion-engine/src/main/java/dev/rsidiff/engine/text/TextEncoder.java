package dev.rsidiff.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.nn.Attention;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.nn.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * The diffusion model's text encoder, in the role of Stable Diffusion's CLIP text encoder: token plus position
 * embeddings through pre-norm transformer layers (self-attention over the prompt's tokens, padding masked, then an
 * MLP), a final LayerNorm, and per-token outputs that the denoiser cross-attends to. The pooled vector (mean over the
 * real tokens, projected to the conditioning width) joins the timestep in the FiLM path.
 */
public final class TextEncoder implements PromptEncoder {

    private final Tokenizer tokenizer;
    private final int heads;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final List<Layer> layers = new ArrayList<>();
    private final NDArray finalGain;
    private final NDArray finalBias;
    private final LinearLayer pool;

    public TextEncoder(Params p, ModelConfig config) {
        this.tokenizer = new Tokenizer(config.vocabulary(), config.maxTokens());
        this.heads = config.textHeads();
        int dim = config.textDim();
        this.tokenEmbedding = p.normal("token", new Shape(tokenizer.vocabularySize(), dim), 1, 0.5);
        this.positionEmbedding = p.normal("position", new Shape(config.maxTokens(), dim), 1, 0.1);
        for (int i = 0; i < config.textLayers(); i++) {
            layers.add(new Layer(p.child("layer" + i), dim, config.textHidden()));
        }
        this.finalGain = p.constant("final.gain", new Shape(dim), 1f, true);
        this.finalBias = p.constant("final.bias", new Shape(dim), 0f, true);
        this.pool = new LinearLayer(p.child("pool"), dim, config.condDim(), 1.0);
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public TextConditioning condition(NDManager m, List<String> prompts) {
        int b = prompts.size();
        int len = tokenizer.length();
        long[] ids = new long[b * len];
        float[] valid = new float[b * len];
        for (int i = 0; i < b; i++) {
            int[] t = tokenizer.encode(prompts.get(i));
            for (int j = 0; j < len; j++) {
                ids[i * len + j] = t[j];
                valid[i * len + j] = t[j] == Tokenizer.PAD ? 0f : 1f;
            }
        }
        NDArray oneHot = m.create(ids, new Shape(b, len)).oneHot(tokenizer.vocabularySize()).toType(DataType.FLOAT32, false);
        NDArray x = oneHot.matMul(tokenEmbedding).add(positionEmbedding);
        NDArray bias = Attention.keyBias(m, valid, b);
        for (Layer layer : layers) {
            x = layer.forward(x, bias, heads);
        }
        x = Ops.layerNorm(x, finalGain, finalBias);
        NDArray w = m.create(valid, new Shape(b, len, 1));
        NDArray pooled = pool.forward(x.mul(w).sum(new int[]{1}).div(w.sum(new int[]{1})));
        return new TextConditioning(x, bias, pooled);
    }

    /** Pre-norm transformer layer: x + attention(LN(x)), then x + MLP(LN(x)); both branches start at zero. */
    private static final class Layer {
        private final NDArray ln1Gain;
        private final NDArray ln1Bias;
        private final LinearLayer qkv;
        private final LinearLayer out;
        private final NDArray ln2Gain;
        private final NDArray ln2Bias;
        private final LinearLayer mlp1;
        private final LinearLayer mlp2;

        Layer(Params p, int dim, int hidden) {
            ln1Gain = p.constant("ln1.gain", new Shape(dim), 1f, true);
            ln1Bias = p.constant("ln1.bias", new Shape(dim), 0f, true);
            qkv = new LinearLayer(p.child("qkv"), dim, 3 * dim, 1.0);
            out = new LinearLayer(p.child("out"), dim, dim, 0.0);
            ln2Gain = p.constant("ln2.gain", new Shape(dim), 1f, true);
            ln2Bias = p.constant("ln2.bias", new Shape(dim), 0f, true);
            mlp1 = new LinearLayer(p.child("mlp1"), dim, hidden, 1.0);
            mlp2 = new LinearLayer(p.child("mlp2"), hidden, dim, 0.0);
        }

        NDArray forward(NDArray x, NDArray bias, int heads) {
            NDList qkvSplit = qkv.forward(Ops.layerNorm(x, ln1Gain, ln1Bias)).split(3, 2);
            x = x.add(out.forward(Attention.multiHead(qkvSplit.get(0), qkvSplit.get(1), qkvSplit.get(2), bias, heads)));
            return x.add(mlp2.forward(Ops.silu(mlp1.forward(Ops.layerNorm(x, ln2Gain, ln2Bias)))));
        }
    }
}
