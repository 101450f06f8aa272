package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head scaled dot-product attention, softmax(q k^T / sqrt(d) + bias) v, the one attention every model stage
 * uses (the text encoder's self-attention, the denoiser's cross-attention).
 *
 * <p>Numerics, because an earlier transformer here produced non-finite gradients: logits are scaled by 1/sqrt(d);
 * padding is masked with a large <em>finite</em> negative bias ({@link #keyBias}), never -inf, so that no
 * 0 x inf or inf - inf can appear in the forward or backward pass; libtorch's softmax subtracts the row maximum;
 * and a key mask must leave every row at least one key (every prompt starts with BOS), which
 * {@link #keyBias} checks, because a row whose every key is masked has no meaningful softmax. None of these was the
 * cause, though: the scale was applied with DJL's {@code mul(Number)}, whose constant the backward pass read after it
 * had been freed ({@link Ops#mul}).
 */
public final class Attention {

    /** Added to the logits of masked keys: exp(-1e4 - max) underflows to exactly 0 in float32, and stays finite. */
    static final float MASKED = -1e4f;

    private Attention() {
    }

    /**
     * @param q     queries (B, Lq, D)
     * @param k     keys (B, Lk, D)
     * @param v     values (B, Lk, D)
     * @param bias  additive logit bias (B, 1, 1, Lk), from {@link #keyBias}
     * @param heads number of heads; D must divide by it
     * @return (B, Lq, D)
     */
    public static NDArray multiHead(NDArray q, NDArray k, NDArray v, NDArray bias, int heads) {
        return attend(q, keyHeads(k, heads), valueHeads(v, heads), bias);
    }

    /**
     * Keys (B, Lk, D) split into heads and transposed for the logits, (B, heads, D/heads, Lk). Keys that stay fixed
     * over many calls (the prompt's, over a sampling run's steps) are split once and passed to {@link #attend} each
     * time. (The 1/sqrt(d) scale stays on the logits, where it always was, so that trained checkpoints reproduce
     * bit for bit.)
     */
    public static NDArray keyHeads(NDArray k, int heads) {
        Shape ks = k.getShape();
        return k.reshape(ks.get(0), ks.get(1), heads, ks.get(2) / heads).transpose(0, 2, 3, 1);
    }

    /** Values (B, Lk, D) split into heads, (B, heads, Lk, D/heads). */
    public static NDArray valueHeads(NDArray v, int heads) {
        Shape vs = v.getShape();
        return v.reshape(vs.get(0), vs.get(1), heads, vs.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /**
     * @param q    queries (B, Lq, D)
     * @param kt   keys from {@link #keyHeads}
     * @param vh   values from {@link #valueHeads}
     * @param bias additive logit bias (B, 1, 1, Lk), from {@link #keyBias}
     * @return (B, Lq, D)
     */
    public static NDArray attend(NDArray q, NDArray kt, NDArray vh, NDArray bias) {
        Shape qs = q.getShape();
        long b = qs.get(0);
        long lq = qs.get(1);
        long d = qs.get(2);
        long heads = kt.getShape().get(1);
        long dh = d / heads;
        NDArray qh = q.reshape(b, lq, heads, dh).transpose(0, 2, 1, 3);
        NDArray weights = Ops.mul(qh.matMul(kt), (float) (1 / Math.sqrt(dh))).add(bias).softmax(3);
        return weights.matMul(vh).transpose(0, 2, 1, 3).reshape(b, lq, d);
    }

    /**
     * The additive key bias (B, 1, 1, L) for a 0/1 validity mask given row by row: 0 where valid, {@link #MASKED}
     * where not.
     *
     * @throws IllegalArgumentException if a row has no valid key
     */
    public static NDArray keyBias(NDManager m, float[] valid, int batch) {
        int len = valid.length / batch;
        float[] bias = new float[valid.length];
        for (int i = 0; i < batch; i++) {
            boolean any = false;
            for (int j = 0; j < len; j++) {
                any |= valid[i * len + j] > 0;
                bias[i * len + j] = valid[i * len + j] > 0 ? 0f : MASKED;
            }
            if (!any) {
                throw new IllegalArgumentException("Attention row " + i + " has every key masked");
            }
        }
        return m.create(bias, new Shape(batch, 1, 1, len));
    }
}
