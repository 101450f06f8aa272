package dev.rsidiff.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exponential moving average of weights: ema = d * ema + (1 - d) * w after every step, with the usual warm-up
 * d = min(decay, (1 + n) / (10 + n)) so that a short run's average is not dominated by the initial weights.
 */
final class Ema {

    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    private final float decay;
    private long updates;

    Ema(NDManager manager, Map<String, NDArray> params, double decay) {
        this.decay = (float) decay;
        params.forEach((k, v) -> {
            NDArray copy = manager.create(v.getShape());
            copy.set(v.toByteBuffer());
            weights.put(k, copy);
        });
    }

    void update(Map<String, NDArray> params) {
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        updates++;
        params.forEach((k, v) -> weights.get(k).muli(d).addi(v.mul(1 - d)));
    }

    Map<String, NDArray> weights() {
        return weights;
    }

    void restore(Map<String, float[]> saved, long step) {
        updates = step;
        saved.forEach((k, v) -> {
            NDArray w = weights.get(k);
            if (w == null) {
                throw new IllegalArgumentException("EMA state for unknown parameter " + k);
            }
            w.set(v);
        });
    }

    void copyInto(Map<String, NDArray> params) {
        params.forEach((k, v) -> v.set(weights.get(k).toByteBuffer()));
    }
}
