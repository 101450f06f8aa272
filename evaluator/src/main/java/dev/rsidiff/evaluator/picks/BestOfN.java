package dev.rsidiff.evaluator.picks;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.PromptAttributes;
import dev.rsidiff.engine.world.PromptAttributes.Attribute;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.engine.world.ShapeKind;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.evaluator.Intervals;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScoringInput;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How well each scorer picks, per prompt, the best of n samples: the figure that matters for preference sampling.
 * For each prompt, n samples of the checkpoint; the evaluator's attribute classifier judges every sample on every
 * attribute the prompt names (it only judges here: no scorer is trained on it and the loop never selects with it);
 * each scorer's top sample is the pick. Reported per attribute: the accuracy of a random pick (the mean over all
 * samples), of an oracle pick (any sample right) and of each scorer's pick, with 95% Wilson intervals over prompts.
 * The prompts come from a scene stream no scorer trained on.
 */
public final class BestOfN {

    /**
     * @param prompts  prompts (single-object scenes, full captions)
     * @param samples  samples per prompt
     * @param seed     seed of the scenes and the sampling noise
     * @param sampling sampler settings
     * @param combined groups of scorer names, each also picking as one: by the sum of the group's per-prompt
     *                 standardised scores, the run's PER_PROMPT selection rule with those ranking scorers
     */
    public record Settings(int prompts, int samples, long seed, SamplerSettings sampling, List<List<String>> combined) {
        public Settings {
            combined = combined.stream().map(List::copyOf).toList();
        }

        public Settings(int prompts, int samples, long seed, SamplerSettings sampling) {
            this(prompts, samples, seed, sampling, List.of());
        }

        public static Settings defaults() {
            return new Settings(64, 16, 12_000, SamplerSettings.defaults());
        }
    }

    /** Accuracy of one way of picking on one attribute, with its interval. */
    public record Accuracy(double value, double low, double high) {
    }

    /**
     * @param picks   attribute -> picker ("random", "oracle", scorer names) -> accuracy
     * @param byShape the shape's row split by the shape the prompt names (shape word -> picker -> accuracy): where
     *                a picker loses shape (a star that passes for a triangle), which the mean over shapes hides
     */
    public record Result(String checkpointId, int prompts, int samples, Map<String, Map<String, Accuracy>> picks,
                         Map<String, Map<String, Accuracy>> byShape) {
    }

    private BestOfN() {
    }

    public static Result run(DiffusionModel model, String checkpointId, AttributeClassifier classifier,
                             List<ImageScorer> scorers, Settings s) {
        SceneSampler scenes = new SceneSampler(s.seed());
        int n = s.samples();
        List<String> prompts = new ArrayList<>();
        List<String> all = new ArrayList<>();
        long[] seeds = new long[s.prompts() * n];
        for (int p = 0; p < s.prompts(); p++) {
            Scene scene = scenes.next();
            String prompt = Captioner.full(new Scene(scene.background(), scene.primary(), Optional.empty()));
            prompts.add(prompt);
            for (int j = 0; j < n; j++) {
                all.add(prompt);
                seeds[p * n + j] = s.seed() * 1_000_003L + p * n + j;
            }
        }
        SampleResult samples = new DdimSampler(model).sample(all, seeds, s.sampling());
        List<AttributeClassifier.PredictedAttributes> seen = classifier.read(samples.pixels(), all.size()).attributes();
        List<ScoringInput> inputs = ScoringInput.batch(samples.pixels(), samples.imageSize(), all);
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (ImageScorer scorer : scorers) {
            scores.put(scorer.name(), scorer.score(inputs));
        }
        for (List<String> group : s.combined()) {
            scores.put(String.join("+", group), combined(group, scores, n));
        }
        Map<String, Tally> byAttribute = new LinkedHashMap<>();
        Map<String, Tally> byShape = new TreeMap<>();
        for (int p = 0; p < prompts.size(); p++) {
            Map<Attribute, Object> named = PromptAttributes.parse(prompts.get(p)).named();
            for (Map.Entry<Attribute, Object> e : named.entrySet()) {
                boolean[] right = new boolean[n];
                for (int j = 0; j < n; j++) {
                    right[j] = seen.get(p * n + j).of(e.getKey()) == e.getValue();
                }
                Map<String, Boolean> picked = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> sc : scores.entrySet()) {
                    int best = 0;
                    for (int j = 1; j < n; j++) {
                        if (sc.getValue()[p * n + j] > sc.getValue()[p * n + best]) {
                            best = j;
                        }
                    }
                    picked.put(sc.getKey(), right[best]);
                }
                byAttribute.computeIfAbsent(e.getKey().name().toLowerCase(Locale.ROOT), k -> new Tally())
                        .add(right, picked);
                if (e.getKey() == Attribute.SHAPE) {
                    byShape.computeIfAbsent(((ShapeKind) e.getValue()).word(), k -> new Tally()).add(right, picked);
                }
            }
        }
        return new Result(checkpointId, prompts.size(), n, rows(byAttribute), rows(byShape));
    }

    private static Map<String, Map<String, Accuracy>> rows(Map<String, Tally> tallies) {
        Map<String, Map<String, Accuracy>> out = new LinkedHashMap<>();
        tallies.forEach((key, t) -> out.put(key, t.accuracies()));
        return out;
    }

    /** Right picks per picker over the prompts of one row; "random" counts the mean over a prompt's samples. */
    private static final class Tally {
        private final Map<String, int[]> counts = new LinkedHashMap<>();
        private double randomRight;
        private int prompts;

        void add(boolean[] right, Map<String, Boolean> picked) {
            boolean any = false;
            for (boolean r : right) {
                any |= r;
                randomRight += r ? 1.0 / right.length : 0;
            }
            prompts++;
            tally("oracle", any);
            picked.forEach(this::tally);
        }

        private void tally(String picker, boolean right) {
            int[] c = counts.computeIfAbsent(picker, k -> new int[2]);
            c[0] += right ? 1 : 0;
            c[1]++;
        }

        Map<String, Accuracy> accuracies() {
            Map<String, Accuracy> row = new LinkedHashMap<>();
            row.put("random", accuracy((int) Math.round(randomRight), prompts));
            counts.forEach((picker, c) -> row.put(picker, accuracy(c[0], c[1])));
            return row;
        }
    }

    /** Per sample, the sum over {@code group} of its score standardised among its prompt's {@code n} samples. */
    private static double[] combined(List<String> group, Map<String, double[]> scores, int n) {
        double[] sum = null;
        for (String name : group) {
            double[] x = scores.get(name);
            if (x == null) {
                throw new IllegalArgumentException("Combined picker " + String.join("+", group) + " names " + name
                        + ", which is not among the scorers " + scores.keySet());
            }
            if (sum == null) {
                sum = new double[x.length];
            }
            for (int p = 0; p < x.length / n; p++) {
                StandardDeviation sd = new StandardDeviation(false);
                double mean = new Mean().evaluate(x, p * n, n);
                double spread = sd.evaluate(x, p * n, n);
                for (int j = p * n; j < p * n + n; j++) {
                    sum[j] += spread > 0 ? (x[j] - mean) / spread : 0;
                }
            }
        }
        return sum;
    }

    private static Accuracy accuracy(int right, int total) {
        double[] ci = Intervals.wilson95(right, total);
        return new Accuracy((double) right / total, ci[0], ci[1]);
    }
}
