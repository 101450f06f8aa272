package dev.rsidiff.engine.ckpt;

/**
 * Name and shape of one tensor in a checkpoint's payload.
 *
 * @param name  parameter name, or "opt.m.*", "opt.v.*", "opt.ema.*" for training state
 * @param shape dimensions
 */
public record TensorSpec(String name, long[] shape) {

    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
