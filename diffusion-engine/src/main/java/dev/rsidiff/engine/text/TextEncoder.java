package dev.rsidiff.engine.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
 * The text encoder: token and position embeddings, a small pre-norm transformer (so word order binds colours to
 * objects: "a red circle on a blue background" is not "a blue circle on a red background"), and a pooled
 * projection to the conditioning width. It plays the role CLIP's text encoder plays in Stable Diffusion.
 */
public final class TextEncoder {

    private final Tokenizer tokenizer;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final List<Layer> layers = new ArrayList<>();
    private final NDArray finalGain;
    private final NDArray finalBias;
    private final LinearLayer project;
    private final int dim;
    private final int heads;

    public TextEncoder(Params p, ModelConfig config) {
        this.tokenizer = new Tokenizer(config.vocabulary(), config.maxTokens());
        this.dim = config.textDim();
        this.heads = config.textHeads();
        this.tokenEmbedding = p.normal("token", new Shape(tokenizer.vocabularySize(), dim), 1, 1.0);
        this.positionEmbedding = p.normal("position", new Shape(config.maxTokens(), dim), 1, 0.1);
        for (int i = 0; i < config.textLayers(); i++) {
            layers.add(new Layer(p.child("layer" + i), dim));
        }
        this.finalGain = p.constant("final.gain", new Shape(dim), 1f, true);
        this.finalBias = p.constant("final.bias", new Shape(dim), 0f, true);
        this.project = new LinearLayer(p.child("project"), dim, config.condDim(), 1.0);
    }

    public Tokenizer tokenizer() {
        return tokenizer;
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
        NDArray x = oneHot.matMul(tokenEmbedding).add(positionEmbedding);
        NDArray valid = m.create(mask, new Shape(b, len));
        NDArray attnBias = valid.sub(1f).mul(1e9f).reshape(b, 1, 1, len);
        for (Layer layer : layers) {
            x = layer.forward(x, attnBias, heads);
        }
        x = Ops.layerNorm(x, finalGain, finalBias);
        NDArray w = valid.reshape(b, len, 1);
        NDArray pooled = x.mul(w).sum(new int[]{1}).div(w.sum(new int[]{1}));
        return project.forward(pooled);
    }

    /** Pre-norm transformer layer: x + attention(LN(x)), then x + MLP(LN(x)). */
    private static final class Layer {
        private final NDArray ln1Gain;
        private final NDArray ln1Bias;
        private final LinearLayer qkv;
        private final LinearLayer out;
        private final NDArray ln2Gain;
        private final NDArray ln2Bias;
        private final LinearLayer mlp1;
        private final LinearLayer mlp2;

        Layer(Params p, int dim) {
            ln1Gain = p.constant("ln1.gain", new Shape(dim), 1f, true);
            ln1Bias = p.constant("ln1.bias", new Shape(dim), 0f, true);
            qkv = new LinearLayer(p.child("qkv"), dim, 3 * dim, 1.0);
            out = new LinearLayer(p.child("out"), dim, dim, 0.0);
            ln2Gain = p.constant("ln2.gain", new Shape(dim), 1f, true);
            ln2Bias = p.constant("ln2.bias", new Shape(dim), 0f, true);
            mlp1 = new LinearLayer(p.child("mlp1"), dim, 4 * dim, 1.0);
            mlp2 = new LinearLayer(p.child("mlp2"), 4 * dim, dim, 0.0);
        }

        NDArray forward(NDArray x, NDArray attnBias, int heads) {
            Shape s = x.getShape();
            long b = s.get(0);
            long len = s.get(1);
            long dim = s.get(2);
            long dh = dim / heads;
            NDList qkvSplit = qkv.forward(Ops.layerNorm(x, ln1Gain, ln1Bias)).split(3, 2);
            NDArray q = qkvSplit.get(0).reshape(b, len, heads, dh).transpose(0, 2, 1, 3);
            NDArray k = qkvSplit.get(1).reshape(b, len, heads, dh).transpose(0, 2, 3, 1);
            NDArray v = qkvSplit.get(2).reshape(b, len, heads, dh).transpose(0, 2, 1, 3);
            NDArray attn = q.matMul(k).div((float) Math.sqrt(dh)).add(attnBias).softmax(3);
            NDArray mixed = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, len, dim);
            x = x.add(out.forward(mixed));
            return x.add(mlp2.forward(Ops.silu(mlp1.forward(Ops.layerNorm(x, ln2Gain, ln2Bias)))));
        }
    }
}
