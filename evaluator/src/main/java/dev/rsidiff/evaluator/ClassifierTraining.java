package dev.rsidiff.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.rsidiff.engine.train.SupervisedLoop;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneObject;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trains the attribute classifier on single-object renders (cross-entropy summed over the five heads). */
public final class ClassifierTraining {

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
        SupervisedLoop.run("classifier", classifier.params(), steps, lr, step -> {
            Renders r = renders(sampler, batch);
            return m -> {
                NDList logits = classifier.logits(m.create(r.pixels(), new Shape(batch, 3, SIZE, SIZE)));
                NDArray loss = null;
                int[][] labels = labels(r.scenes());
                for (int h = 0; h < 5; h++) {
                    NDArray target = m.create(labels[h]).oneHot((int) logits.get(h).getShape().get(1));
                    NDArray ce = logits.get(h).logSoftmax(1).mul(target).sum(new int[]{1}).neg().mean(); // not div(batch): Ops#mul
                    loss = loss == null ? ce : loss.add(ce);
                }
                return loss;
            };
        });
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
