package dev.rsidiff.evaluator;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rsidiff.engine.train.AdamW;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneObject;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trains the attribute classifier on single-object renders (cross-entropy summed over the five heads). */
public final class ClassifierTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTraining.class);
    private static final int SIZE = AttributeClassifier.SIZE;

    private ClassifierTraining() {
    }

    /**
     * Single-object renders with their ground truth.
     *
     * @param pixels CHW floats, image after image
     * @param scenes the scene of each image
     */
    public record Renders(float[] pixels, List<Scene> scenes) {
    }

    public static Renders renders(SceneSampler sampler, int count) {
        SceneRenderer renderer = new SceneRenderer(SIZE);
        int per = 3 * SIZE * SIZE;
        float[] pixels = new float[count * per];
        List<Scene> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Scene s = sampler.next();
            Scene single = new Scene(s.background(), s.primary(), Optional.empty());
            Images.toChw(renderer.render(single), pixels, i * per);
            scenes.add(single);
        }
        return new Renders(pixels, scenes);
    }

    public static void train(AttributeClassifier classifier, long seed, int steps, int batch, double lr) {
        SceneSampler sampler = new SceneSampler(seed);
        Map<String, NDArray> params = new LinkedHashMap<>(classifier.params().all());
        params.values().forEach(p -> p.setRequiresGradient(true));
        try (NDManager state = classifier.manager().newSubManager()) {
            AdamW optimizer = new AdamW(state, 0.9, 0.999, 1e-8, 1e-4, 1.0);
            double recent = 0;
            for (int step = 0; step < steps; step++) {
                Renders r = renders(sampler, batch);
                double rate = lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * step / steps)));
                try (NDManager m = classifier.manager().newSubManager(); NDScope scope = new NDScope()) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDList logits = classifier.logits(m.create(r.pixels(), new Shape(batch, 3, SIZE, SIZE)));
                        NDArray loss = null;
                        int[][] labels = labels(r.scenes());
                        for (int h = 0; h < 5; h++) {
                            NDArray target = m.create(labels[h]).oneHot((int) logits.get(h).getShape().get(1));
                            NDArray ce = logits.get(h).logSoftmax(1).mul(target).sum().neg().div((float) batch);
                            loss = loss == null ? ce : loss.add(ce);
                        }
                        collector.backward(loss);
                        recent = 0.98 * recent + 0.02 * loss.getFloat();
                    }
                    optimizer.update(params, rate);
                }
                if ((step + 1) % 200 == 0) {
                    LOG.info("classifier step {}/{}: loss {}", step + 1, steps, String.format("%.4f", recent));
                }
            }
        } finally {
            params.values().forEach(p -> p.setRequiresGradient(false));
        }
    }

    /** Per-attribute accuracy on renders. */
    public static Map<String, Double> accuracy(AttributeClassifier classifier, Renders renders) {
        AttributeClassifier.Reading reading = classifier.read(renders.pixels(), renders.scenes().size());
        int[] right = new int[5];
        for (int i = 0; i < renders.scenes().size(); i++) {
            Scene s = renders.scenes().get(i);
            SceneObject o = s.primary();
            AttributeClassifier.PredictedAttributes p = reading.attributes().get(i);
            right[0] += p.shape() == o.shape() ? 1 : 0;
            right[1] += p.colour() == o.colour() ? 1 : 0;
            right[2] += p.background() == s.background() ? 1 : 0;
            right[3] += p.region() == o.region() ? 1 : 0;
            right[4] += p.size() == o.size() ? 1 : 0;
        }
        String[] names = {"shape", "colour", "background", "region", "size"};
        Map<String, Double> out = new LinkedHashMap<>();
        for (int h = 0; h < 5; h++) {
            out.put(names[h], (double) right[h] / renders.scenes().size());
        }
        return out;
    }

    private static int[][] labels(List<Scene> scenes) {
        int[][] out = new int[5][scenes.size()];
        for (int i = 0; i < scenes.size(); i++) {
            Scene s = scenes.get(i);
            out[0][i] = s.primary().shape().ordinal();
            out[1][i] = s.primary().colour().ordinal();
            out[2][i] = s.background().ordinal();
            out[3][i] = s.primary().region().ordinal();
            out[4][i] = s.primary().size().ordinal();
        }
        return out;
    }
}
