package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The named parameters of a model, owned by one NDManager. Names are dotted paths ("denoiser.down.conv.w"), which
 * is what checkpoints, the optimizer state and EMA are keyed by. Initial values come from a seeded Java random
 * stream, so a model built from the same seed is the same model.
 *
 * <p>Parameters are created in the shape their use broadcasts with (a norm's gain as (1, C, 1, 1)), because
 * reshaping a parameter inside a forward pass would leave the result in the parameter's manager.
 */
public final class Params {

    private final NDManager manager;
    private final Map<String, NDArray> arrays;
    private final Map<String, Boolean> trainable;
    private final String prefix;
    private final SplittableRandom random;

    public Params(NDManager manager, long seed) {
        this(manager, new LinkedHashMap<>(), new LinkedHashMap<>(), "", new SplittableRandom(seed));
    }

    private Params(NDManager manager, Map<String, NDArray> arrays, Map<String, Boolean> trainable, String prefix,
                   SplittableRandom random) {
        this.manager = manager;
        this.arrays = arrays;
        this.trainable = trainable;
        this.prefix = prefix;
        this.random = random;
    }

    /** A view that prefixes names with {@code name + "."}. */
    public Params child(String name) {
        return new Params(manager, arrays, trainable, prefix + name + ".", random);
    }

    public NDManager manager() {
        return manager;
    }

    /** A weight drawn from N(0, gain^2 / fanIn). */
    public NDArray normal(String name, Shape shape, long fanIn, double gain) {
        float[] data = new float[Math.toIntExact(shape.size())];
        double std = gain / Math.sqrt(fanIn);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (nextGaussian() * std);
        }
        return add(name, manager.create(data, shape), true);
    }

    public NDArray constant(String name, Shape shape, float value, boolean learnable) {
        return add(name, manager.full(shape, value), learnable);
    }

    private NDArray add(String name, NDArray array, boolean learnable) {
        String full = prefix + name;
        if (arrays.containsKey(full)) {
            throw new IllegalStateException("Parameter " + full + " defined twice");
        }
        array.setName(full);
        arrays.put(full, array);
        trainable.put(full, learnable);
        return array;
    }

    /** All parameters by full name, in creation order. */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    public boolean isTrainable(String fullName) {
        return trainable.getOrDefault(fullName, false);
    }

    public NDArray get(String fullName) {
        NDArray a = arrays.get(fullName);
        if (a == null) {
            throw new IllegalArgumentException("No parameter " + fullName);
        }
        return a;
    }

    /** Total number of values. */
    public long size() {
        return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    private double nextGaussian() {
        // Box-Muller on the shared stream: SplittableRandom has no nextGaussian before Java 17's RandomGenerator.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
