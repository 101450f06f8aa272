package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** GroupNorm with a learned per-channel gain and bias. */
public final class GroupNormLayer {

    private final NDArray gain;
    private final NDArray bias;
    private final int groups;

    public GroupNormLayer(Params p, int channels, int groups) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        this.gain = p.constant("gain", new Shape(1, channels, 1, 1), 1f, true);
        this.bias = p.constant("bias", new Shape(1, channels, 1, 1), 0f, true);
        this.groups = groups;
    }

    public NDArray forward(NDArray x) {
        return Ops.groupNorm(x, groups, gain, bias);
    }
}
