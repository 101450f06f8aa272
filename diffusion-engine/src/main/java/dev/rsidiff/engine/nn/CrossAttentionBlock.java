package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.text.TextConditioning;

/**
 * Cross-attention from every latent position to the prompt's tokens, as in Stable Diffusion's UNet: the positions
 * become queries (LayerNorm over channels, as in SD's transformer block; one fused op where a GroupNorm would be
 * ten here), the text encoder's token vectors keys and values, multi-head attention, an output
 * projection (zero-initialised, so the block starts as the identity) and a residual add. This is the spatial path
 * for text: each position can read a different word ("top left" matters where the object should be).
 */
public final class CrossAttentionBlock {

    private final NDArray normGain;
    private final NDArray normBias;
    private final LinearLayer query;
    private final LinearLayer key;
    private final LinearLayer value;
    private final LinearLayer out;
    private final int heads;

    public CrossAttentionBlock(Params p, int channels, int textDim, int heads) {
        this.normGain = p.constant("norm.gain", new Shape(channels), 1f, true);
        this.normBias = p.constant("norm.bias", new Shape(channels), 0f, true);
        this.query = new LinearLayer(p.child("query"), channels, channels, 1.0);
        this.key = new LinearLayer(p.child("key"), textDim, channels, 1.0);
        this.value = new LinearLayer(p.child("value"), textDim, channels, 1.0);
        this.out = new LinearLayer(p.child("out"), channels, channels, 0.0);
        this.heads = heads;
    }

    /**
     * This block's keys and values of a prompt batch, split into heads. They depend on the text only, so a sampling
     * run computes them once for all its steps, as SD implementations cache the text's keys and values.
     *
     * @param keys   (B, heads, C/heads, L), scaled by 1/sqrt(C/heads)
     * @param values (B, heads, L, C/heads)
     * @param bias   (B, 1, 1, L) padding bias
     */
    public record Keys(NDArray keys, NDArray values, NDArray bias) {
    }

    public Keys keysFor(TextConditioning text) {
        return new Keys(Attention.keyHeads(key.forward(text.tokens()), heads),
                Attention.valueHeads(value.forward(text.tokens()), heads), text.keyBias());
    }

    /** @param x features (B, C, H, W); @return the same shape */
    public NDArray forward(NDArray x, TextConditioning text) {
        return forward(x, keysFor(text));
    }

    /** @param x features (B, C, H, W); @param keys {@link #keysFor} the batch's text; @return the same shape */
    public NDArray forward(NDArray x, Keys keys) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        NDArray positions = Ops.layerNorm(x.reshape(b, c, -1).transpose(0, 2, 1), normGain, normBias);
        NDArray attended = Attention.attend(query.forward(positions), keys.keys(), keys.values(), keys.bias());
        return x.add(out.forward(attended).transpose(0, 2, 1).reshape(s));
    }
}
