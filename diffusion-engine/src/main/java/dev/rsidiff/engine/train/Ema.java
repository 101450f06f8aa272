package dev.rsidiff.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exponential moving average of weights: ema = decay * ema + (1 - decay) * w after every step. */
final class Ema {

    private final Map<String, NDArray> weights = new LinkedHashMap<>();
    private final float decay;

    Ema(NDManager manager, Map<String, NDArray> params, double decay) {
        this.decay = (float) decay;
        params.forEach((k, v) -> {
            NDArray copy = manager.create(v.getShape());
            copy.set(v.toByteBuffer());
            weights.put(k, copy);
        });
    }

    void update(Map<String, NDArray> params) {
        params.forEach((k, v) -> weights.get(k).muli(decay).addi(v.mul(1 - decay)));
    }

    Map<String, NDArray> weights() {
        return weights;
    }

    void restore(Map<String, float[]> saved) {
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
