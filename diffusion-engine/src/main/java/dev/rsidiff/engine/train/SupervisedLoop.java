package dev.rsidiff.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.rsidiff.engine.nn.Params;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The plain training loop of the small supervised models (scorers, the evaluator's classifier): every parameter
 * trained with AdamW (weight decay 1e-4, clip 1) under a cosine learning-rate decay, one loss per step built inside
 * the step's NDManager and NDScope.
 */
public final class SupervisedLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedLoop.class);

    /** A step's loss, built from arrays created in {@code m}. */
    @FunctionalInterface
    public interface Loss {
        NDArray compute(NDManager m);
    }

    private SupervisedLoop() {
    }

    /** Cosine decay of the learning rate from 1 to 0.05 over {@code total} steps. */
    public static double cosineScale(int step, int total) {
        return 0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * step / total));
    }

    /** Trains all of {@code params} for {@code steps} steps; {@code batches} gives each step's loss. */
    public static void run(String name, Params params, int steps, double lr, IntFunction<Loss> batches) {
        Map<String, NDArray> trainable = new LinkedHashMap<>(params.all());
        trainable.values().forEach(p -> p.setRequiresGradient(true));
        try (NDManager state = params.manager().newSubManager()) {
            AdamW optimizer = new AdamW(state, 0.9, 0.999, 1e-8, 1e-4, 1.0);
            double recent = 0;
            for (int step = 0; step < steps; step++) {
                Loss loss = batches.apply(step);
                double rate = lr * cosineScale(step, steps);
                try (NDManager m = params.manager().newSubManager(); NDScope scope = new NDScope()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss.compute(m);
                        collector.backward(l);
                        recent = 0.98 * recent + 0.02 * l.getFloat();
                    }
                    optimizer.update(trainable, rate);
                }
                if ((step + 1) % 200 == 0) {
                    LOG.info("{} step {}/{}: loss {}", name, step + 1, steps, String.format("%.4f", recent));
                }
            }
        } finally {
            trainable.values().forEach(p -> p.setRequiresGradient(false));
        }
    }
}
