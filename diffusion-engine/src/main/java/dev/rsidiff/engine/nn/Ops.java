package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/** The few layer functions the model stages are built from; DJL has no GroupNorm, so it is written here. */
public final class Ops {

    private static final Shape ONE = new Shape(1, 1);
    private static final float EPS = 1e-5f;
    /** Filters per block of libtorch's CPU convolution kernels at their widest (AVX-512: 16 floats). */
    static final int FILTER_BLOCK = 16;

    private Ops() {
    }

    /**
     * x times the constant k, where x may be on a path that is differentiated. Never {@code x.mul(k)} there: DJL's
     * {@code NDArray.mul(Number)} wraps k in a tensor over a direct buffer and closes it as soon as the product is
     * made, but libtorch's autograd keeps that tensor for the backward pass (d(kx)/dx = k), so the backward pass
     * reads memory that the JVM may meanwhile have freed and handed out again: any value, sometimes infinite. That
     * was the text encoder's rare "non-finite gradient", and, far more often, a silently wrong one
     * ({@code ScalarLifetimeTest} reproduces it). Here the constant belongs to x's manager (and the current
     * NDScope), which outlives the backward pass.
     */
    public static NDArray mul(NDArray x, float k) {
        return x.mul(x.getManager().create(k));
    }

    /** x divided by the constant k; see {@link #mul(NDArray, float)} for why not {@code x.div(k)}. */
    public static NDArray div(NDArray x, float k) {
        return x.div(x.getManager().create(k));
    }

    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** x (..., in) times w (out, in) plus b (out). */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /**
     * Same-padded k x k convolution with the given stride.
     * <p>
     * When the result will be differentiated and the filters are not a multiple of {@value #FILTER_BLOCK}, zero
     * filters pad them to one and the extra channels are cut from the result. libtorch 2.7.1's CPU convolution
     * backward (oneDNN) computes the input gradient of a convolution with a partial block of filters from memory it
     * has not written, times zero: right while that memory happens to hold finite values, NaN where it held a NaN or
     * an infinity. Measured with memory that last held NaNs, in 600 backward passes of a 3x3 convolution from 64
     * channels: 8 non-finite input gradients with 4 filters, 339 with 8, none with 16 or more (AVX-512; on AVX2 4
     * filters gave 11-22 in 200 and 8 none). The denoiser's last layer has 4 filters (the latent's channels), so
     * about one training step in a hundred had every gradient below it non-finite and was skipped, at random: the
     * cause of non-reproducible checkpoints and, when the NaNs stayed in the reused block, of "diverged" training
     * ({@code ConvolutionGradientTest}). Inference is not padded: forward passes were not affected, and a sampled
     * image stays what it was.
     */
    public static NDArray conv(NDArray x, NDArray w, NDArray b, int stride) {
        long k = w.getShape().get(2);
        Shape strides = new Shape(stride, stride);
        Shape padding = new Shape(k / 2, k / 2);
        long filters = w.getShape().get(0);
        long missing = Math.floorMod(-filters, FILTER_BLOCK);
        if (missing == 0 || !(x.hasGradient() || w.hasGradient())) {
            return Conv2d.conv2d(x, w, b, strides, padding, ONE, 1).singletonOrThrow();
        }
        NDManager m = x.getManager();
        Shape extra = new Shape(missing, w.getShape().get(1), k, k);
        NDArray paddedW = w.concat(m.zeros(extra, w.getDataType()), 0);
        NDArray paddedB = b.concat(m.zeros(new Shape(missing), b.getDataType()), 0);
        NDArray y = Conv2d.conv2d(x, paddedW, paddedB, strides, padding, ONE, 1).singletonOrThrow();
        return y.get(new NDIndex(":, :{}", filters));
    }

    /**
     * GroupNorm over (B, C, H, W) with gain and bias shaped (1, C, 1, 1). DJL has no GroupNorm, so it is libtorch's
     * fused LayerNorm over each group's values (a unit gain and zero bias of the group's size), then the per-channel
     * affine: three native ops where mean and variance written out take ten, at the same arithmetic.
     */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gain, NDArray bias) {
        Shape s = x.getShape();
        NDArray g = x.reshape(s.get(0), groups, -1);
        Shape group = new Shape(g.getShape().get(2));
        NDManager m = x.getManager();
        NDArray normed = LayerNorm.layerNorm(g, group, m.ones(group), m.zeros(group), EPS).singletonOrThrow();
        return normed.reshape(s).mul(gain).add(bias);
    }

    /** LayerNorm over the last axis. */
    public static NDArray layerNorm(NDArray x, NDArray gain, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().tail()), gain, bias, EPS).singletonOrThrow();
    }

    /** Nearest-neighbour 2x upsampling of (B, C, H, W). */
    public static NDArray upsample2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }
}
