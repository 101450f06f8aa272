package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A k x k convolution with bias. */
public final class ConvLayer {

    private final NDArray w;
    private final NDArray b;
    private final int stride;

    /** @param gain 0 gives a zero-initialised layer (residual branches start as the identity) */
    public ConvLayer(Params p, int in, int out, int kernel, int stride, double gain) {
        this.w = gain == 0 ? p.constant("w", new Shape(out, in, kernel, kernel), 0f, true)
                : p.normal("w", new Shape(out, in, kernel, kernel), (long) in * kernel * kernel, gain);
        this.b = p.constant("b", new Shape(out), 0f, true);
        this.stride = stride;
    }

    public NDArray forward(NDArray x) {
        return Ops.conv(x, w, b, stride);
    }
}
