package dev.rsidiff.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.nn.ConvLayer;
import dev.rsidiff.engine.nn.CrossAttentionBlock;
import dev.rsidiff.engine.nn.GroupNormLayer;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.nn.ResBlock;
import dev.rsidiff.engine.text.TextConditioning;

/**
 * The denoiser: a small UNet over the latent, as in Stable Diffusion (with {@link ModelConfig#POOLED_FILM}, the
 * first G0's architecture, there are no cross-attention blocks and no position embedding). Two resolutions (latent size and half of it),
 * one skip connection, predicts v. Text reaches it two ways: cross-attention from every position to the prompt's
 * token vectors after the first block, in the middle and after the up block (the spatial path: where an object
 * goes), and the pooled prompt vector added to the timestep embedding and applied through FiLM in every residual
 * block (the global path). A learned position embedding is added to the input features so that positions are told
 * apart everywhere in the latent, not only near its borders.
 */
public final class Denoiser {

    private static final int GROUPS = 8;
    private static final int TIME_FEATURES = 64;

    private final LinearLayer time1;
    private final LinearLayer time2;
    private final ConvLayer in;
    private final NDArray position;
    private final ResBlock block1;
    private final CrossAttentionBlock attend1;
    private final ConvLayer down;
    private final ResBlock mid1;
    private final CrossAttentionBlock attendMid;
    private final ResBlock mid2;
    private final ResBlock up;
    private final CrossAttentionBlock attendUp;
    private final ResBlock block2;
    private final GroupNormLayer outNorm;
    private final ConvLayer out;

    public Denoiser(Params p, ModelConfig config) {
        this(p, config, config.latentSize());
    }

    /** A denoiser over a grid of {@code gridSize}; the benchmark's pixel-space comparison uses the image size. */
    public Denoiser(Params p, ModelConfig config, int gridSize) {
        int c = config.baseChannels();
        int m = config.midChannels();
        int cond = config.condDim();
        int z = config.latentChannels();
        time1 = new LinearLayer(p.child("time1"), TIME_FEATURES, cond, 1.0);
        time2 = new LinearLayer(p.child("time2"), cond, cond, 1.0);
        int text = config.textDim();
        int heads = config.textHeads();
        boolean attend = config.crossAttention();
        in = new ConvLayer(p.child("in"), z, c, 3, 1, 1.0);
        position = attend ? p.normal("position", new Shape(1, c, gridSize, gridSize), 1, 0.1) : null;
        block1 = new ResBlock(p.child("block1"), c, c, cond, GROUPS);
        attend1 = attend ? new CrossAttentionBlock(p.child("attend1"), c, text, heads) : null;
        down = new ConvLayer(p.child("down"), c, m, 3, 2, 1.0);
        mid1 = new ResBlock(p.child("mid1"), m, m, cond, GROUPS);
        attendMid = attend ? new CrossAttentionBlock(p.child("attendMid"), m, text, heads) : null;
        mid2 = new ResBlock(p.child("mid2"), m, m, cond, GROUPS);
        up = new ResBlock(p.child("up"), m + c, c, cond, GROUPS);
        attendUp = attend ? new CrossAttentionBlock(p.child("attendUp"), c, text, heads) : null;
        block2 = new ResBlock(p.child("block2"), c, c, cond, GROUPS);
        outNorm = new GroupNormLayer(p.child("outNorm"), c, GROUPS);
        out = new ConvLayer(p.child("out"), c, z, 3, 1, 0.0);
    }

    /**
     * @param x         noisy latents (B, z, s, s)
     * @param timesteps (B) timesteps in [1, T], as floats
     * @param text      the text encoder's output for the batch's prompts
     * @return predicted v (B, z, s, s)
     */
    public NDArray forward(NDArray x, NDArray timesteps, TextConditioning text) {
        return forward(x, timesteps, prepare(text));
    }

    /**
     * The text as the denoiser's blocks read it: the pooled vector and each cross-attention block's keys and
     * values. It depends on the prompts only, so a sampler prepares it once per batch for all its steps.
     */
    public static final class PreparedText {
        private final NDArray pooled;
        private final CrossAttentionBlock.Keys[] keys;

        private PreparedText(NDArray pooled, CrossAttentionBlock.Keys[] keys) {
            this.pooled = pooled;
            this.keys = keys;
        }
    }

    /** Prepares {@code text} for {@link #forward(NDArray, NDArray, PreparedText)}; the arrays live in its manager. */
    public PreparedText prepare(TextConditioning text) {
        CrossAttentionBlock[] blocks = {attend1, attendMid, attendUp};
        CrossAttentionBlock.Keys[] keys = new CrossAttentionBlock.Keys[blocks.length];
        for (int i = 0; i < blocks.length; i++) {
            keys[i] = blocks[i] == null ? null : blocks[i].keysFor(text);
        }
        return new PreparedText(text.pooled(), keys);
    }

    /** As {@link #forward(NDArray, NDArray, TextConditioning)}, with the text {@link #prepare prepared}. */
    public NDArray forward(NDArray x, NDArray timesteps, PreparedText text) {
        NDArray time = time2.forward(Ops.silu(time1.forward(timeFeatures(x.getManager(), timesteps))));
        NDArray cond = Ops.silu(time.add(text.pooled));
        NDArray h = position == null ? in.forward(x) : in.forward(x).add(position);
        NDArray skip = attend(attend1, block1.forward(h, cond), text.keys[0]);
        NDArray mid = mid2.forward(attend(attendMid, mid1.forward(down.forward(skip), cond), text.keys[1]), cond);
        h = attend(attendUp, up.forward(Ops.upsample2x(mid).concat(skip, 1), cond), text.keys[2]);
        h = block2.forward(h, cond);
        return out.forward(Ops.silu(outNorm.forward(h)));
    }

    /** A FiLM-only model has no cross-attention blocks: features pass through. */
    private static NDArray attend(CrossAttentionBlock block, NDArray x, CrossAttentionBlock.Keys keys) {
        return block == null ? x : block.forward(x, keys);
    }

    /** Sinusoidal features of the timestep, as in the transformer and DDPM papers. */
    private static NDArray timeFeatures(NDManager m, NDArray timesteps) {
        int half = TIME_FEATURES / 2;
        float[] freqs = new float[half];
        for (int i = 0; i < half; i++) {
            freqs[i] = (float) Math.exp(-Math.log(10_000) * i / half);
        }
        NDArray angles = timesteps.reshape(-1, 1).mul(m.create(freqs, new Shape(1, half)));
        return angles.sin().concat(angles.cos(), 1);
    }
}
