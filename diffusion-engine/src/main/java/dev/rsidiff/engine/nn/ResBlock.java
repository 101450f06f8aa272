package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Residual block conditioned by FiLM: norm, SiLU, conv, then the conditioning vector scales and shifts the
 * features, norm, SiLU, conv (zero-initialised, so the block starts as the identity), plus the skip path.
 */
public final class ResBlock {

    private final GroupNormLayer norm1;
    private final ConvLayer conv1;
    private final LinearLayer film;
    private final GroupNormLayer norm2;
    private final ConvLayer conv2;
    private final ConvLayer skip;
    private final int out;

    public ResBlock(Params p, int in, int out, int condDim, int groups) {
        this.norm1 = new GroupNormLayer(p.child("norm1"), in, groups);
        this.conv1 = new ConvLayer(p.child("conv1"), in, out, 3, 1, 1.0);
        this.film = new LinearLayer(p.child("film"), condDim, 2 * out, 0.0);
        this.norm2 = new GroupNormLayer(p.child("norm2"), out, groups);
        this.conv2 = new ConvLayer(p.child("conv2"), out, out, 3, 1, 0.0);
        this.skip = in == out ? null : new ConvLayer(p.child("skip"), in, out, 1, 1, 1.0);
        this.out = out;
    }

    /** @param cond (B, condDim), already passed through SiLU */
    public NDArray forward(NDArray x, NDArray cond) {
        NDArray h = conv1.forward(Ops.silu(norm1.forward(x)));
        NDList scaleShift = film.forward(cond).reshape(-1, 2 * out, 1, 1).split(2, 1);
        h = h.mul(scaleShift.get(0).add(1f)).add(scaleShift.get(1));
        h = conv2.forward(Ops.silu(norm2.forward(h)));
        return (skip == null ? x : skip.forward(x)).add(h);
    }
}
