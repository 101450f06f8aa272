package dev.rsidiff.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.nn.ConvLayer;
import dev.rsidiff.engine.nn.GroupNormLayer;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.nn.ResBlock;

/**
 * The denoiser: a small UNet over the latent, conditioned on timestep and text through FiLM in every residual
 * block. Two resolutions (latent size and half of it), one skip connection. Predicts v.
 */
public final class Denoiser {

    private static final int GROUPS = 8;
    private static final int TIME_FEATURES = 64;

    private final LinearLayer time1;
    private final LinearLayer time2;
    private final ConvLayer in;
    private final ResBlock block1;
    private final ConvLayer down;
    private final ResBlock mid1;
    private final ResBlock mid2;
    private final ResBlock up;
    private final ResBlock block2;
    private final GroupNormLayer outNorm;
    private final ConvLayer out;

    public Denoiser(Params p, ModelConfig config) {
        int c = config.baseChannels();
        int m = config.midChannels();
        int cond = config.condDim();
        int z = config.latentChannels();
        time1 = new LinearLayer(p.child("time1"), TIME_FEATURES, cond, 1.0);
        time2 = new LinearLayer(p.child("time2"), cond, cond, 1.0);
        in = new ConvLayer(p.child("in"), z, c, 3, 1, 1.0);
        block1 = new ResBlock(p.child("block1"), c, c, cond, GROUPS);
        down = new ConvLayer(p.child("down"), c, m, 3, 2, 1.0);
        mid1 = new ResBlock(p.child("mid1"), m, m, cond, GROUPS);
        mid2 = new ResBlock(p.child("mid2"), m, m, cond, GROUPS);
        up = new ResBlock(p.child("up"), m + c, c, cond, GROUPS);
        block2 = new ResBlock(p.child("block2"), c, c, cond, GROUPS);
        outNorm = new GroupNormLayer(p.child("outNorm"), c, GROUPS);
        out = new ConvLayer(p.child("out"), c, z, 3, 1, 0.0);
    }

    /**
     * @param x         noisy latents (B, z, s, s)
     * @param timesteps (B) timesteps in [1, T], as floats
     * @param text      (B, condDim) text conditioning
     * @return predicted v (B, z, s, s)
     */
    public NDArray forward(NDArray x, NDArray timesteps, NDArray text) {
        NDArray cond = Ops.silu(time2.forward(Ops.silu(time1.forward(timeFeatures(x.getManager(), timesteps)))).add(text));
        NDArray h = in.forward(x);
        NDArray skip = block1.forward(h, cond);
        NDArray mid = mid2.forward(mid1.forward(down.forward(skip), cond), cond);
        h = up.forward(Ops.upsample2x(mid).concat(skip, 1), cond);
        h = block2.forward(h, cond);
        return out.forward(Ops.silu(outNorm.forward(h)));
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
