package dev.rsidiff.engine.ckpt;

/**
 * Name and shape of one tensor in a checkpoint's payload.
 *
 * @param name  parameter name, or "opt.m.*", "opt.v.*", "opt.ema.*" for training state
 * @param shape dimensions
 */
public record TensorSpec(String name, long[] shape) {

    /** The number of values; -1 for a negative dimension, Long.MAX_VALUE when the product overflows. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }
}
