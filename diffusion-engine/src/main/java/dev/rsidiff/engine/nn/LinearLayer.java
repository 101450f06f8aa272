package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A dense layer over the last axis. */
public final class LinearLayer {

    private final NDArray w;
    private final NDArray b;

    public LinearLayer(Params p, int in, int out, double gain) {
        this.w = gain == 0 ? p.constant("w", new Shape(out, in), 0f, true) : p.normal("w", new Shape(out, in), in, gain);
        this.b = p.constant("b", new Shape(out), 0f, true);
    }

    public NDArray forward(NDArray x) {
        return Ops.linear(x, w, b);
    }
}
